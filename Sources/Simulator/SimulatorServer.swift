import Foundation
import Hummingbird
import Logging

/// The simulator's HTTP server: one Hummingbird server on one port (127.0.0.1 by default),
/// the five APIs by path prefix, each below its prefix exactly at the platform's documented paths:
///
///     /vbrick/api/v2/...                    Vbrick Rev       (base URL http://HOST:PORT/vbrick)
///     /convey/api/...                       Convey           (base URL http://HOST:PORT/convey)
///     /webex/v1/...                         Webex            (base URL http://HOST:PORT/webex/v1)
///     /zoom/oauth/token, /zoom/v2/...       Zoom             (OAuth http://HOST:PORT/zoom, API .../zoom/v2)
///     /huawei/v1/mmc/...                    Huawei Meeting   (base URL http://HOST:PORT/huawei)
///     /<platform>/openapi.json              the simulated routes of each API, as OpenAPI 3
///
/// The admin API, under `/_sim/` (JSON answers):
///
///     GET    /_sim/health                   {"status":"ok"}
///     GET    /_sim/state                    every resource and its state, the clock, the faults
///     GET    /_sim/check                    {"violations":[...]}: broken state-machine invariants (none expected)
///     GET    /_sim/log?since=N              the request log (method, path, query, headers, body, status, time),
///                                           secrets redacted, the latest 10,000 entries
///     DELETE /_sim/log                      clear the log
///     POST   /_sim/reset                    back to the starting seed; clears tokens, faults and log
///     POST   /_sim/seed                     replace everything with the seed in the body (SimulatorSeed JSON)
///     GET    /_sim/clock                    {"now": ISO-8601}
///     POST   /_sim/clock/advance?seconds=N  move the clock on (or body {"seconds": N})
///     GET    /_sim/faults                   the fault spec in force
///     PUT    /_sim/faults                   install the fault spec in the body (syntax: FaultSpec)
///     DELETE /_sim/faults                   clear faults
///     POST   /_sim/webhooks/ANY/PATH        a Slack-compatible incoming webhook (WebhookSink): keeps {"text": ...}
///     GET    /_sim/webhooks                 {"messages":[{path, text, payload, time}]}; DELETE clears them
///
/// Request bodies over 1 MiB are refused with the platform's error (413, or Convey's returnCode 72).
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext
    let core: SimulatorCore

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let components = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        let head = components.first.map(String.init) ?? ""
        let rest = components.count > 1 ? "/" + components[1] : "/"
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters where query[String(k)] == nil {
            query[String(k)] = String(v).removingPercentEncoding ?? String(v)
        }
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        var simRequest = SimRequest(method: request.method.rawValue, path: rest, query: query, headers: headers, body: [])

        if head == "_sim" {
            guard let body = try? await request.body.collect(upTo: SimulatorCore.maxBodySize) else {
                return Self.response(.json(413, ["error": "The request body is too large."]))
            }
            simRequest.body = Array(buffer: body)
            return Self.response(core.admin(simRequest))
        }
        guard let platform = Platform(rawValue: head) else {
            return Self.response(.json(404, ["error": "Unknown prefix; use /vbrick, /convey, /webex, /zoom, /huawei or /_sim."]))
        }

        let decision = core.faultDecision(platform, rest)
        if let decision, decision.delay > .zero { try await Task.sleep(for: decision.delay) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: SimulatorCore.maxBodySize)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            let now = core.clock.now()
            core.record(platform, simRequest, status: 413, time: now)
            return Self.response(World.kind(platform).tooLarge(now: now))
        }
        // Any other failure is the client going away mid-request (a run killed while sending):
        // the request never reached the platform, so nothing is recorded and the error ends it.
        simRequest.body = Array(buffer: body)

        if let decision {
            if decision.reset {
                core.record(platform, simRequest, status: 0, time: core.clock.now())
                context.closeConnection()
                throw CancellationError()
            }
            if let status = decision.answer {
                var r = SimResponse.text(status, "Simulated fault: \(status)")
                if status == 429 || status == 423 { r = r.adding("Retry-After", String(decision.retryAfter)) }
                core.record(platform, simRequest, status: status, time: core.clock.now())
                return Self.response(r)
            }
        }
        var answer = core.platform(platform, simRequest)
        if decision?.nullInLists == true { answer = answer.withNullInLists() }
        if let drip = decision?.drip { return Self.dripping(answer, every: drip) }
        return Self.response(answer)
    }

    /// HTTPTypes' field type, reached through the HTTPFields that Hummingbird re-exports.
    private typealias Field = HTTPFields.Element

    private static func fields(_ r: SimResponse) -> HTTPFields {
        var fields = HTTPFields()
        for h in r.headers {
            if let name = Field.Name(h.name) { fields.append(Field(name: name, value: h.value)) }
        }
        return fields
    }

    static func response(_ r: SimResponse) -> Response {
        Response(status: .init(code: r.status), headers: fields(r), body: .init(byteBuffer: ByteBuffer(bytes: r.body)))
    }

    /// A slow-drip body: one byte at a time, so clients' read timeouts get exercised.
    private static func dripping(_ r: SimResponse, every interval: Duration) -> Response {
        let bytes = r.body
        return Response(status: .init(code: r.status), headers: fields(r), body: .init(contentLength: bytes.count) { writer in
            for byte in bytes {
                try await Task.sleep(for: interval)
                try await writer.write(ByteBuffer(bytes: [byte]))
            }
            try await writer.finish(nil)
        })
    }
}

/// Hummingbird's basic context plus the one thing the faults need: dropping the connection.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let closeConnection: @Sendable () -> Void

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        closeConnection = { channel.close(promise: nil) }
    }
}
