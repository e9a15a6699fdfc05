import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The operator control API: HTTP + JSON, for the control page, a Stream Deck or Bitfocus Companion.
///
///     GET  /                      the control page (`panel.html`, `panel.css`, `panel.js`)
///     GET  /stage                 the stage timer: one huge countdown, read-only
///     GET  /state                 every show's state (current step, next cue and countdown, steps),
///                                 with `now`, the server's time, and countdowns as of the answer
///     GET  /events                server-sent events: `state` at once and at every change, then
///                                 one per show event, `platform_call` for each platform call,
///                                 `tick` ({"now": ...}) every second, `ended` when the run ends
///     POST /go  /hold  /resume  /skip  /abort
///     POST /jump/{step}
///
/// A command answers `{"ok": true, "command": "go"}` once the show has obeyed it, or
/// `{"ok": false, "command": "go", "ignored": "show is held"}` when the show took it and did
/// nothing (both 200: the request was right; the show says what came of it).
///
/// Commands take `?show=NAME` (default: the first show running). With a token, a command needs
/// `Authorization: Bearer TOKEN` (or `?token=TOKEN`); reading the state and the events takes
/// that token or the read-only view token (`?view=`), which the page's view link carries. The
/// page itself holds no data and needs neither. The server runs on its own threads and reaches
/// the show only through the hub, which posts to the Lua thread.
///
/// What every request goes through, outermost first, each in its own middleware (`Control/`):
/// the error shape, the `Host` check, the `Origin` check; then per route group the token and,
/// for commands, the whole body. Refusals are `{"error": {"code", "message"}}` (`ControlError`).
public final class ControlServer: @unchecked Sendable {
    public struct Settings: Sendable {
        public let host: String
        public let port: Int
        public let token: String?
        /// Lets a viewer read the state and the events, not send commands: made up when a
        /// token is set, for the page's read-only link.
        public let viewToken: String?
        /// Further `Host` names to answer to (a machine name on the network); see `ServedHosts`.
        public let allowedHosts: [String]
        /// A connection that has sent nothing for this long while it owes us a request (its
        /// headers or body unfinished, or idle between requests) is closed. Not applied while
        /// a response is being sent, so an event stream outlives it.
        public let idleTimeout: Duration
        /// How often an event stream sends a `: keep-alive` comment.
        public let heartbeat: Duration
        /// How often an event stream carries the server's time (`tick`); a client that hears
        /// none for a few seconds says its link is stale.
        public let tick: Duration

        /// The shortest token a control API reachable from the network takes.
        public static let minimumNetworkToken = 16

        /// A bind address other than loopback needs a token: anyone on the network could steer
        /// the show. `viewToken` defaults to a random one when there is a token.
        public init(host: String = "127.0.0.1", port: Int, token: String? = nil, viewToken: String? = nil,
                    allowedHosts: [String] = [], idleTimeout: Duration = .seconds(10), heartbeat: Duration = .seconds(15),
                    tick: Duration = .seconds(1)) throws {
            let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
            if let token, !token.isEmpty, token.allSatisfy(\.isWhitespace) {
                throw ShowError("the control token (--token or $SHOWCALL_TOKEN) is blank")
            }
            // Anyone on the network can try tokens: one they could guess is none.
            guard loopback || (token ?? "").count >= Self.minimumNetworkToken else {
                throw ShowError("--control on \(host) (not loopback) needs a token of at least \(Self.minimumNetworkToken) characters (--token or $SHOWCALL_TOKEN)")
            }
            guard (0 ... 65535).contains(port) else { throw ShowError("control port \(port) is out of range") }
            guard idleTimeout > .zero, heartbeat > .zero, tick > .zero else { throw ShowError("control timeouts must be positive") }
            self.host = host
            self.port = port
            self.token = token
            self.viewToken = token == nil ? nil : viewToken ?? (0 ..< 24).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
            self.allowedHosts = allowedHosts
            self.idleTimeout = idleTimeout
            self.heartbeat = heartbeat
            self.tick = tick
        }

        /// The page's read-only link, which carries no control token.
        public func viewLink(_ address: String) -> String {
            "http://\(address)/?view" + (viewToken.map { "=" + $0 } ?? "")
        }
    }

    /// The most a request body may hold. Commands take none; a little room for a client that
    /// always sends JSON.
    static let maxBody = 16 * 1024

    /// "host:port" as bound (the real port when 0 was asked for).
    public let address: String
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let streams: EventStreams

    /// Event streams being sent now.
    public var openStreams: Int { streams.open }

    private init(address: String, port: Int, task: Task<Void, any Error>, group: ServiceGroup, streams: EventStreams) {
        self.address = address
        self.port = port
        self.task = task
        self.group = group
        self.streams = streams
    }

    /// Starts serving and returns once the socket is bound.
    public static func start(engine: Engine, settings: Settings) throws -> ControlServer {
        let hub = engine.hub
        let streams = EventStreams(heartbeat: settings.heartbeat, tick: settings.tick)
        // The bound port is known only once bound; the checks read it then.
        let served = Mutex<ServedHosts?>(nil)
        let router = routes(hub, streams, settings) { served.withLock { $0 } }
        let bound = Mutex<Int?>(nil)
        let ready = DispatchSemaphore(value: 0)
        var logger = Logger(label: "showcall.control")
        logger.logLevel = .critical
        // One event loop serves the API, and its handlers run on it (`HandOffExecutor`): a GO
        // goes from the socket to the show's thread, and its answer back, without a hand-off
        // to a concurrency thread on either way.
        let loop = NIOSingletons.posixEventLoopGroup.next()
        let app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [HangUpHandler()],
                                                idleTimeout: .nanoseconds(Self.nanoseconds(settings.idleTimeout)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "showcall"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                served.withLock { $0 = ServedHosts(bind: settings.host, port: port, extra: settings.allowedHosts) }
                bound.withLock { $0 = port }
                ready.signal()
            },
            eventLoopGroupProvider: .shared(loop),
            // Failures that matter (a port in use) come back through `start` instead.
            logger: logger
        )
        // Stopped by a graceful shutdown, never by cancelling the task: cancelled, the server
        // drops the connections it has accepted but not yet served, which NIO asserts against.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let failure = Mutex<String?>(nil)
        let executor = HandOffExecutor { loop.execute($0) }
        let task = Task.detached {
            do { try await withTaskExecutorPreference(executor) { try await group.run() } } catch {
                failure.withLock { $0 = String(describing: error) }
                ready.signal()
                throw error
            }
        }
        ready.wait()
        guard let port = bound.withLock({ $0 }) else {
            throw ShowError("cannot serve the control API on \(settings.host):\(settings.port): \(failure.withLock { $0 } ?? "unknown error")")
        }
        return ControlServer(address: "\(settings.host):\(port)", port: port, task: task, group: group, streams: streams)
    }

    private static func routes(_ hub: ShowHub, _ streams: EventStreams, _ settings: Settings,
                               served: @escaping @Sendable () -> ServedHosts?) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ErrorShapeMiddleware())
            .add(middleware: HostCheckMiddleware(hosts: served))
            .add(middleware: OriginCheckMiddleware())
        for (path, file) in ControlPage.files {
            router.get(RouterPath(stringLiteral: path)) { _, _ in
                var headers: HTTPFields = [.contentType: file.type, .cacheControl: "no-cache"]
                // Another site must not frame the page and trick a click on GO.
                headers[.contentSecurityPolicy] = "frame-ancestors 'none'"
                headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
        let reads = router.group().add(middleware: TokenMiddleware(token: settings.token, viewToken: settings.viewToken))
        reads.get("state") { _, _ in
            // The server's time as of the answer, also when no show has started (`[]`): the
            // page sets its clock by it, against the request's round trip.
            var response = json(.ok, hub.stateJSON)
            response.headers[.showCallNow] = String(hub.now)
            return response
        }
        reads.get("events") { _, context in
            let channel = context.channel
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: ResponseBody { writer in try await streams.serve(hub, channel: channel, to: &writer) })
        }
        let commands = router.group()
            .add(middleware: TokenMiddleware(token: settings.token, viewToken: nil))
            .add(middleware: BodyLimitMiddleware(limit: maxBody))
        for name in ["go", "hold", "resume", "skip", "abort"] {
            commands.post(RouterPath(stringLiteral: name)) { request, _ in
                try await send(ShowCommand(name: name)!, request, hub, streams)
            }
        }
        commands.post("jump/:step") { request, context in
            // The router hands the segment over as sent: "off%20air" is the step "off air".
            let step = try RequestName.decode(try context.parameters.require("step"), field: "the step name")
            return try await send(.jump(step), request, hub, streams)
        }
        return router
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Ends the open event streams (clients re-open them), as a proxy cutting long-lived
    /// connections would.
    public func dropStreams() {
        streams.finishAll()
    }

    /// Ends the event streams (telling clients the run has ended, so they stop reconnecting),
    /// gives clients up to a second to receive what is left, and stops: the server closes its
    /// socket and its idle connections at once, and this waits up to two more seconds for the
    /// rest. It never cancels the server: cancelled, it drops connections NIO still owns, and
    /// NIO's assertion ends the process. A connection that stays (a browser's preconnected
    /// socket that never sends a request) closes at the idle timeout, on the server's threads.
    public func stop() {
        streams.finishAll(ended: true)
        let deadline = DispatchTime.now() + .seconds(1)
        // The answers still on their way too: an ABORT that ended the run is answered.
        while streams.open > 0 || streams.answering > 0, DispatchTime.now() < deadline { usleep(1000) }
        let (group, task) = (self.group, self.task)
        let stopped = DispatchSemaphore(value: 0)
        Task.detached {
            await group.triggerGracefulShutdown()
            _ = await task.result
            stopped.signal()
        }
        _ = stopped.wait(timeout: .now() + .seconds(2))
    }

    /// `?show=NAME`, if given.
    private static func showName(_ request: Request) throws -> String? {
        try RequestName.query(request, "show").map { try RequestName.decode($0, field: "show=") }
    }

    private static func send(_ command: ShowCommand, _ request: Request, _ hub: ShowHub, _ streams: EventStreams) async throws -> Response {
        // Counted until its answer is written: stopping waits for it.
        streams.answering(+1)
        var counted = true
        defer { if counted { streams.answering(-1) } }
        let show = try showName(request)
        let refusal: ShowCommandRefusal? = await withCheckedContinuation { continuation in
            hub.send(command, to: show) { continuation.resume(returning: $0) }
        }
        var out = "{\"ok\":"
        switch refusal?.reason {
        case nil: out += "true,\"command\":" + LuaJSON.quoted(command.name)
        // The show took the command and did nothing: not an error of the request, so 200, but
        // `ok` is false and `ignored` says why, for the operator who pressed the button.
        case .ignored?: out += "false,\"command\":" + LuaJSON.quoted(command.name) + ",\"ignored\":" + LuaJSON.quoted(refusal!.description)
        case .unknownStep?: throw ControlError(.badRequest, "unknown_step", refusal!.description)
        case .noShow?: throw ControlError(.conflict, "no_show", refusal!.description)
        }
        counted = false
        let text = out + "}\n"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
            defer { streams.answering(-1) }
            try await writer.write(ByteBuffer(string: text))
            try await writer.finish(nil)
        })
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

extension HTTPField.Name {
    /// `GET /state`'s answer: the server's time when it answered, seconds since 1970.
    static let showCallNow = HTTPField.Name("ShowCall-Now")!
}
