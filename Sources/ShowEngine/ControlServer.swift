import Dispatch
import Foundation
import Hummingbird
import Logging
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Synchronization

/// The operator control API: HTTP + JSON, for the control page, a Stream Deck or Bitfocus Companion.
///
///     GET  /                      the control page (`panel.html`, `panel.css`, `panel.js`)
///     GET  /state                 every show's state (current step, next cue and countdown, steps)
///     GET  /events                server-sent events: `state` at once and at every change, then
///                                 one per show event, and `platform_call` for each platform call
///     POST /go  /hold  /resume  /skip  /abort
///     POST /jump/{step}
///
/// Commands take `?show=NAME` (default: the first show running). With a token, a command needs
/// `Authorization: Bearer TOKEN` (or `?token=TOKEN`); reading the state and the events takes
/// that token or the read-only view token (`?view=`), which the page's view link carries. The
/// page itself holds no data and needs neither. The server runs on its own threads and reaches
/// the show only through the hub, which posts to the Lua thread.
public final class ControlServer: @unchecked Sendable {
    public struct Settings: Sendable {
        public let host: String
        public let port: Int
        public let token: String?
        /// Lets a viewer read the state and the events, not send commands: made up when a
        /// token is set, for the page's read-only link.
        public let viewToken: String?

        /// A bind address other than loopback needs a token: anyone on the network could steer
        /// the show. `viewToken` defaults to a random one when there is a token.
        public init(host: String = "127.0.0.1", port: Int, token: String? = nil, viewToken: String? = nil) throws {
            let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
            guard loopback || !(token ?? "").isEmpty else {
                throw ShowError("--control on \(host) (not loopback) needs a token (--token or $SHOWCALL_TOKEN)")
            }
            guard (0 ... 65535).contains(port) else { throw ShowError("control port \(port) is out of range") }
            self.host = host
            self.port = port
            self.token = token
            self.viewToken = token == nil ? nil : viewToken ?? (0 ..< 24).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
        }

        /// The page's read-only link, which carries no control token.
        public func viewLink(_ address: String) -> String {
            "http://\(address)/?view" + (viewToken.map { "=" + $0 } ?? "")
        }
    }

    /// "host:port" as bound (the real port when 0 was asked for).
    public let address: String
    public let port: Int
    private let task: Task<Void, any Error>
    private let streams: EventStreams

    private init(address: String, port: Int, task: Task<Void, any Error>, streams: EventStreams) {
        self.address = address
        self.port = port
        self.task = task
        self.streams = streams
    }

    /// Starts serving and returns once the socket is bound.
    public static func start(engine: Engine, settings: Settings) throws -> ControlServer {
        let hub = engine.hub
        let streams = EventStreams()
        let router = Router()
        let token = settings.token, viewToken = settings.viewToken
        for (path, file) in ControlPage.files {
            router.get(RouterPath(stringLiteral: path)) { _, _ in
                Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
                         body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
        router.get("state") { request, _ in
            try authorize(request, token, viewToken: viewToken)
            return json(.ok, hub.stateJSON)
        }
        for name in ["go", "hold", "resume", "skip", "abort"] {
            router.post(RouterPath(stringLiteral: name)) { request, _ in
                try authorize(request, token)
                return try await send(ShowCommand(name: name)!, request, hub)
            }
        }
        router.post("jump/:step") { request, context in
            try authorize(request, token)
            // The router hands the segment over as sent: "off%20air" is the step "off air".
            let raw = try context.parameters.require("step")
            guard let step = raw.removingPercentEncoding, !step.isEmpty else {
                throw HTTPError(.badRequest, message: "the step name is not a valid path segment")
            }
            return try await send(.jump(step), request, hub)
        }
        router.get("events") { request, _ in
            try authorize(request, token, viewToken: viewToken)
            let events = eventStream(hub, streams)
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: ResponseBody { writer in
                                defer { streams.closed() }
                                for await buffer in events { try await writer.write(buffer) }
                                try await writer.finish(nil)
                            })
        }
        let bound = Mutex<Int?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "showcall"),
            onServerRunning: { channel in
                bound.withLock { $0 = channel.localAddress?.port ?? settings.port }
                ready.signal()
            },
            // Stopping by cancellation makes the server log "shutdown error: already closed";
            // failures that matter (a port in use) come back through `start` instead.
            logger: {
                var logger = Logger(label: "showcall.control")
                logger.logLevel = .critical
                return logger
            }()
        )
        let failure = Mutex<String?>(nil)
        let task = Task.detached {
            do { try await app.runService(gracefulShutdownSignals: []) } catch {
                failure.withLock { $0 = String(describing: error) }
                ready.signal()
                throw error
            }
        }
        ready.wait()
        guard let port = bound.withLock({ $0 }) else {
            throw ShowError("cannot serve the control API on \(settings.host):\(settings.port): \(failure.withLock { $0 } ?? "unknown error")")
        }
        return ControlServer(address: "\(settings.host):\(port)", port: port, task: task, streams: streams)
    }

    /// Ends the open event streams (clients re-open them), as a proxy cutting long-lived
    /// connections would.
    public func dropStreams() {
        streams.finishAll()
    }

    /// Ends the event streams, gives clients up to a second to receive what is left, and stops.
    public func stop() {
        streams.finishAll()
        let deadline = DispatchTime.now() + .seconds(1)
        while streams.open > 0, DispatchTime.now() < deadline { usleep(1000) }
        task.cancel()
    }

    /// With a token, the request must carry it; reads may carry the view token instead.
    private static func authorize(_ request: Request, _ token: String?, viewToken: String? = nil) throws {
        guard let token else { return }
        let given = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 }
            ?? request.uri.queryParameters.get("token")
        if given == token { return }
        if let viewToken, request.uri.queryParameters.get("view").map({ String($0) }) == viewToken { return }
        throw HTTPError(.unauthorized, message: "a valid token is required")
    }

    /// `?show=NAME`, if given; an empty name is a malformed request.
    private static func showName(_ request: Request) throws -> String? {
        guard let show = request.uri.queryParameters.get("show") else { return nil }
        guard !show.isEmpty else { throw HTTPError(.badRequest, message: "show= names no show") }
        return String(show)
    }

    private static func send(_ command: ShowCommand, _ request: Request, _ hub: ShowHub) async throws -> Response {
        let show = try showName(request)
        let refusal: ShowCommandRefusal? = await withCheckedContinuation { continuation in
            hub.send(command, to: show) { continuation.resume(returning: $0) }
        }
        var out = ""
        if let refusal {
            out = "{\"ok\":false,\"error\":"
            JSON.quote(refusal.description, into: &out)
            return json(refusal.reason == .unknownStep ? .badRequest : .conflict, out + "}")
        }
        out = "{\"ok\":true,\"command\":"
        JSON.quote(command.name, into: &out)
        return json(.ok, out + "}")
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// The hub's events as server-sent events, starting with the current state.
    private static func eventStream(_ hub: ShowHub, _ streams: EventStreams) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            streams.opened(continuation)
            hub.onLoop {
                let id = hub.subscribe { event in
                    continuation.yield(ByteBuffer(string: "event: \(event.type)\ndata: \(event.json)\n\n"))
                }
                let stateID = hub.subscribeState { state in
                    continuation.yield(ByteBuffer(string: "event: state\ndata: \(state)\n\n"))
                }
                // A dropped stream is re-opened by the browser after `retry` milliseconds.
                continuation.yield(ByteBuffer(string: "retry: 1000\nevent: state\ndata: \(hub.stateJSON)\n\n"))
                for event in hub.recentReports {
                    continuation.yield(ByteBuffer(string: "event: \(event.type)\ndata: \(event.json)\n\n"))
                }
                continuation.onTermination = { _ in hub.onLoop { hub.unsubscribe(id); hub.unsubscribe(stateID) } }
            }
        }
    }
}

/// The open event streams, so that stopping the server can end them cleanly.
final class EventStreams: Sendable {
    private let state = Mutex<(open: Int, continuations: [AsyncStream<ByteBuffer>.Continuation])>((0, []))

    var open: Int { state.withLock { $0.open } }

    func opened(_ continuation: AsyncStream<ByteBuffer>.Continuation) {
        state.withLock {
            $0.open += 1
            $0.continuations.append(continuation)
        }
    }

    func closed() {
        state.withLock { $0.open -= 1 }
    }

    func finishAll() {
        for c in state.withLock({ $0.continuations }) { c.finish() }
    }
}
