import Foundation
import LuaHost
import ShowEngine

/// Zoom webinar live streams (seeds/zoom-webinar-livestream-status.txt; platforms.md "Zoom").
/// API base URL `https://api.zoom.us` (paths start `/v2`); OAuth at `https://zoom.us`.
public final class ZoomClient: PlatformClient {
    public let session: PlatformSession

    /// A Server-to-Server OAuth app of the account.
    public struct Credentials: Sendable {
        public var accountID: String
        public var clientID: String
        public var clientSecret: String
        public init(accountID: String, clientID: String, clientSecret: String) {
            self.accountID = accountID
            self.clientID = clientID
            self.clientSecret = clientSecret
        }
    }

    /// Zoom counts "Light" calls per account: 30 a second on Pro, 80 on Business; the profile's
    /// `requests_per_second` follows the account's plan.
    public init(settings: ZoomSettings, rateLimited: Bool = true, policy: RetryPolicy = RetryPolicy()) {
        let perSecond = settings.requestsPerSecond
        let limits = rateLimited ? RateLimits(Limit.self) { _ in (perSecond, .seconds(1)) } : .none
        let oauth = PlatformSession(platform: "zoom", base: settings.oauthURL, auth: nil, limits: .none, policy: policy)
        let basic = Data("\(settings.credentials.clientID):\(settings.credentials.clientSecret)".utf8).base64EncodedString()
        Secrets.register(basic)
        let accountID = settings.credentials.accountID
        let cache = TokenCache { _ in try await Self.authenticate(oauth, basic: basic, accountID: accountID) }
        session = PlatformSession(platform: "zoom", base: settings.baseURL, auth: cache, limits: limits, policy: policy)
    }

    /// Server-to-Server OAuth has no refresh token: a new token is a new request.
    private static func authenticate(_ oauth: PlatformSession, basic: String, accountID: String) async throws -> IssuedToken {
        let r = try await oauth.sendForToken(WireRequest("POST", "/oauth/token")
            .header("Authorization", "Basic \(basic)")
            .form([("grant_type", "account_credentials"), ("account_id", accountID)]))
        guard r.status == 200, let json = r.json, let token = json["access_token"]?.text else {
            throw Self.error(r, operation: "oauth token", hint: SignInHint.hint(r, url: oauth.base + "/oauth/token", addressKey: "zoom oauth_url",
                                                                                credentials: "zoom account_id, client_id and client_secret"))
        }
        return IssuedToken(value: token, expires: Date().addingTimeInterval(Double(json["expires_in"]?.integerValue ?? 3600)))
    }

    // MARK: calls

    /// `GET /v2/webinars/{id}`: the webinar, with its `status` (waiting, started, finished).
    /// The seeds list no call that reads a webinar's status; this is Zoom's public "Get a
    /// webinar" (API reference, Webinars), which our choice reads for `zoom.webinar(id):status()`.
    public func webinar(_ id: String, timeout: Duration? = nil) async throws -> LuaValue {
        try await read(id, "", operation: "status", timeout: timeout)
    }

    /// `GET /v2/webinars/{id}/livestream`; the stream key comes back redacted.
    public func livestream(_ id: String, timeout: Duration? = nil) async throws -> LuaValue {
        let settings = try await read(id, "/livestream", operation: "livestream.status", timeout: timeout)
        guard var o = settings.record else { return settings }
        if let key = o["stream_key"]?.text, !key.isEmpty {
            Secrets.register(key)
            o["stream_key"] = "[redacted]"
        }
        return .table(o)
    }

    /// `PATCH /v2/webinars/{id}/livestream`: `stream_url`, `stream_key` and `page_url` are
    /// required, `resolution` optional. Setting values is idempotent.
    public func configure(_ id: String, _ settings: [String: LuaValue], timeout: Duration? = nil) async throws {
        for field in ["stream_url", "stream_key", "page_url"] where settings[field]?.text?.isEmpty ?? true {
            throw PlatformInputError(field: field, rule: "is required (a non-empty string) to configure a live stream")
        }
        if let key = settings["stream_key"]?.text { Secrets.register(key) }
        let op = "webinar \(id) livestream.configure"
        try await session.call(op, limit: Limit.light, effect: .idempotent, timeout: timeout, request: { token in
            Self.request("PATCH", id, "/livestream", token).json(.table(settings))
        }, verdict: { r in Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) { .done(()) } })
    }

    /// `PATCH /v2/webinars/{id}/livestream/status` with `{action, settings}`; 204 on success.
    /// Zoom offers no read of whether a stream is live, so after an unanswered attempt the call
    /// is sent again and the platform's "already started" (or, stopping, "not started") answer
    /// counts as done [I]. A start with settings sent to a live stream is refused with "You
    /// can only update settings for a stopped live stream" (the Postman collection's wording):
    /// that, too, says the stream is live.
    public func setStatus(_ id: String, start: Bool, settings: [String: LuaValue]? = nil, timeout: Duration? = nil) async throws {
        var body: [String: LuaValue] = ["action": .string(start ? "start" : "stop")]
        if let settings { body["settings"] = .table(settings) }
        let op = "webinar \(id) livestream.\(start ? "start" : "stop")"
        let change = LuaValue.table(body)
        try await session.call(op, limit: Limit.light, effect: .change(reconcile: { nil }), timeout: timeout, request: { token in
            Self.request("PATCH", id, "/livestream/status", token).json(change)
        }, verdict: { r in
            let verdict = Verdict<Void>.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) { .done(()) }
            let liveAlready = ["already started", "only update settings for a stopped live stream"]
            if case .failed(let e) = verdict, r.status == 400,
               (start ? liveAlready : ["not started"]).contains(where: { e.message.localizedCaseInsensitiveContains($0) }) {
                return .already((), e)
            }
            return verdict
        })
    }

    // MARK: plumbing

    private func read(_ id: String, _ suffix: String, operation: String, timeout: Duration?) async throws -> LuaValue {
        let op = "webinar \(id) \(operation)"
        return try await session.call(op, limit: Limit.light, effect: .read, timeout: timeout, request: { token in
            Self.request("GET", id, suffix, token)
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) {
                r.json.map { .done($0) } ?? .failed(Self.error(r, operation: op, hint: "unexpected answer"))
            }
        })
    }

    private static func request(_ method: String, _ id: String, _ suffix: String, _ token: String?) -> WireRequest {
        WireRequest(method, "/v2/webinars/\(WireRequest.segment(id))\(suffix)").header("Authorization", "Bearer \(token ?? "")")
    }

    /// Zoom's errors: `{code, message}`, validation adding `errors: [{field, message}]`.
    static func error(_ r: WireResponse, operation: String, hint: String? = nil) -> PlatformError {
        let json = r.json
        var message = json?["message"]?.text ?? (r.body.isEmpty ? "HTTP \(r.status)" : r.text)
        if let fields = json?["errors"]?.list {
            let details = fields.compactMap { f in f["field"]?.text.map { "\($0): \(f["message"]?.text ?? "invalid")" } }
            if !details.isEmpty { message += " (" + details.joined(separator: "; ") + ")" }
        }
        if let hint { message += " (\(hint))" }
        return PlatformError(platform: "zoom", operation: operation, status: r.status, code: json?["code"]?.integerValue.map(String.init),
                             message: message, requestID: r.header("x-zm-trackingid"))
    }
}

extension ZoomClient {
    /// What Zoom meters: every call here is a "Light" API (30 a second on Pro; the profile's
    /// `requests_per_second` follows the plan).
    public enum Limit: String, RateLimitClass {
        case light
        public var documented: (limit: Int, period: Duration) { (30, .seconds(1)) }
    }
}
