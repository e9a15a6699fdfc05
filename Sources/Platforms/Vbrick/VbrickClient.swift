import Foundation
import LuaHost
import ShowEngine

/// Vbrick Rev scheduled events (seeds/vbrick-rev-scheduled-events.txt; platforms.md "Vbrick Rev").
/// Base URL: the tenant, e.g. `https://acme.rev.vbrick.com`; the documented paths go below it.
public final class VbrickClient: PlatformClient {
    public enum Credentials: Sendable {
        case apiKey(key: String, secret: String)
        case user(username: String, password: String)
    }

    public let session: PlatformSession

    /// Limits: the official client's self-throttling, 24,000 GET and 3,600 other requests a
    /// minute (Rev documents no headers).
    public init(settings: VbrickSettings, rateLimited: Bool = true, policy: RetryPolicy = RetryPolicy()) {
        let base = settings.baseURL, credentials = settings.credentials
        let limits = rateLimited ? RateLimits(Limit.self) : .none
        let login = PlatformSession(platform: "vbrick", base: base, auth: nil, limits: limits, policy: policy)
        let cache = TokenCache { current in try await Self.authenticate(login, credentials, current: current) }
        session = PlatformSession(platform: "vbrick", base: base, auth: cache, limits: limits, policy: policy)
    }

    // MARK: authentication

    /// An API-key session is extended while it still works (as the official client does, at
    /// most every ten minutes: here, when the cache renews it before expiry); if extending
    /// fails, or for a user session, it logs in again.
    private static func authenticate(_ session: PlatformSession, _ credentials: Credentials, current: IssuedToken?) async throws -> IssuedToken {
        if let current, current.expires > Date(), case .apiKey(let key, _) = credentials,
           let extended = try? await extend(session, current, key: key) {
            return extended
        }
        let request: WireRequest
        switch credentials {
        case .apiKey(let key, let secret):
            request = WireRequest("POST", "/api/v2/authenticate").json(["apiKey": .string(key), "secret": .string(secret)])
        case .user(let username, let password):
            request = WireRequest("POST", "/api/v2/user/login").json(["username": .string(username), "password": .string(password)])
        }
        let r = try await session.sendForToken(request, limit: Limit.write)
        guard r.status == 200, let token = r.json?["token"]?.text else {
            throw error(r, operation: "authenticate", hint: SignInHint.hint(r, url: session.base + request.path, addressKey: "vbrick base_url",
                                                                            credentials: "vbrick credentials"))
        }
        return IssuedToken(value: token, expires: expiry(r.json?["expiration"]?.text, r))
    }

    private static func extend(_ session: PlatformSession, _ current: IssuedToken, key: String) async throws -> IssuedToken? {
        let r = try await session.sendForToken(WireRequest("POST", "/api/v2/auth/extend-session-timeout/\(WireRequest.segment(key))")
            .header("Authorization", "VBrick \(current.value)"), limit: Limit.write)
        guard r.status == 200, let raw = r.json?["expiration"]?.text else { return nil }
        return IssuedToken(value: current.value, expires: expiry(raw, r))
    }

    /// With no usable expiration the official client assumes ten minutes.
    private static func expiry(_ iso: String?, _ r: WireResponse) -> Date {
        guard let iso, let date = parseISO(iso) else { return Date().addingTimeInterval(600) }
        return IssuedToken.localExpiry(serverExpiry: date, serverNow: r.serverDate)
    }

    static func parseISO(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    // MARK: calls

    /// Statuses in which the event is on air, from `GET .../status`.
    static let broadcastingStatuses: Set<String> = ["Broadcasting", "Recording", "RecordingStarting", "RecordingStopping"]
    static let recordingStatuses: Set<String> = ["Recording", "RecordingStarting"]

    /// `PUT .../start` with `{"preProduction": bool}`.
    public func start(_ id: String, preProduction: Bool, timeout: Duration? = nil) async throws {
        try await control(id, "start", "PUT", operation: "start", body: ["preProduction": .boolean(preProduction)], timeout: timeout) { s in
            !["Scheduled", "Completed", "Deleted"].contains(s.status) && s.isPreProduction == preProduction
        }
    }

    /// The states an event can be in once its pre-production has ended. No document says which
    /// follows `DELETE .../start?preProduction=true` (the seed: "You may also end a
    /// Pre-Production Webcast"; platforms.md lists the statuses, not the transition): the event
    /// may be Scheduled again, ready for the real start (what the simulator does), or Completed.
    /// After an unanswered call, either one means the call landed, so it is not sent again.
    static let preProductionEnded: Set<String> = ["Scheduled", "Completed"]

    /// `DELETE .../start?preProduction=bool`.
    public func end(_ id: String, preProduction: Bool, timeout: Duration? = nil) async throws {
        try await control(id, "start", "DELETE", operation: "stop", query: [("preProduction", preProduction ? "true" : "false")], timeout: timeout) { s in
            preProduction ? Self.preProductionEnded.contains(s.status) : s.status == "Completed"
        }
    }

    public func startBroadcast(_ id: String, timeout: Duration? = nil) async throws {
        try await control(id, "broadcast", "PUT", operation: "broadcast.start", timeout: timeout) { Self.broadcastingStatuses.contains($0.status) }
    }

    public func stopBroadcast(_ id: String, timeout: Duration? = nil) async throws {
        try await control(id, "broadcast", "DELETE", operation: "broadcast.stop", timeout: timeout) { !Self.broadcastingStatuses.contains($0.status) }
    }

    public func startRecording(_ id: String, timeout: Duration? = nil) async throws {
        try await control(id, "record", "PUT", operation: "record.start", timeout: timeout) { Self.recordingStatuses.contains($0.status) }
    }

    public func stopRecording(_ id: String, timeout: Duration? = nil) async throws {
        try await control(id, "record", "DELETE", operation: "record.stop", timeout: timeout) { !Self.recordingStatuses.contains($0.status) }
    }

    public struct Status: Sendable {
        public var status: String
        public var isPreProduction: Bool
        public var raw: LuaValue
    }

    /// `GET .../status`.
    public func status(_ id: String, timeout: Duration? = nil) async throws -> Status {
        try await read(id, "/status", operation: "status", timeout: timeout) { json in
            guard let status = json["status"]?.text else { return nil }
            return Status(status: status, isPreProduction: json["isPreProduction"]?.boolValue ?? false, raw: json)
        }
    }

    /// `GET /api/v2/scheduled-events/{id}`.
    public func details(_ id: String, timeout: Duration? = nil) async throws -> LuaValue {
        try await read(id, "", operation: "details", timeout: timeout) { $0 }
    }

    // MARK: plumbing

    private func read<T: Sendable>(_ id: String, _ suffix: String, operation: String, timeout: Duration?,
                                   parse: @escaping @Sendable (LuaValue) -> T?) async throws -> T {
        let op = "event \(id) \(operation)"
        return try await session.call(op, limit: Limit.get, effect: .read, timeout: timeout, request: { token in
            WireRequest("GET", Self.path(id) + suffix).header("Authorization", "VBrick \(token ?? "")")
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) {
                guard let json = r.json, let value = parse(json) else { return .failed(Self.error(r, operation: op, hint: "unexpected answer")) }
                return .done(value)
            }
        })
    }

    private func control(_ id: String, _ action: String, _ method: String, operation: String,
                         query: [(String, String)] = [], body: LuaValue? = nil, timeout: Duration?,
                         inPlace: @escaping @Sendable (Status) -> Bool) async throws {
        let op = "event \(id) \(operation)"
        try await session.call(op, limit: Limit.write, effect: .change(reconcile: { [self] in
            inPlace(try await status(id)) ? () : nil
        }), timeout: timeout, request: { token in
            let r = WireRequest(method, Self.path(id) + "/" + action, query: query).header("Authorization", "VBrick \(token ?? "")")
            return body.map { r.json($0) } ?? r
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) { .done(()) }
        })
    }

    static func path(_ id: String) -> String { "/api/v2/scheduled-events/\(WireRequest.segment(id))" }

    /// Rev's errors are `{code, detail}`; a 429 may come as plain text.
    static func error(_ r: WireResponse, operation: String, hint: String? = nil) -> PlatformError {
        let json = r.json
        var message = json?["detail"]?.text ?? (r.body.isEmpty ? "HTTP \(r.status)" : r.text)
        if let hint { message += " (\(hint))" }
        return PlatformError(platform: "vbrick", operation: operation, status: r.status, code: json?["code"]?.text,
                             message: message)
    }
}

extension VbrickClient {
    /// What Rev meters: reads and writes per minute.
    public enum Limit: String, RateLimitClass {
        case get, write
        public var documented: (limit: Int, period: Duration) {
            switch self {
            case .get: (24_000, .seconds(60))
            case .write: (3_600, .seconds(60))
            }
        }
    }
}
