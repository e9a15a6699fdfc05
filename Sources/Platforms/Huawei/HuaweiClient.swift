import Foundation
import LuaHost
import ShowEngine
import Synchronization

/// Huawei Cloud Meeting live broadcast (seeds/huawei-meeting-live-broadcast.txt; platforms.md
/// "Huawei"). Base URL: `https://api.meeting.huaweicloud.com`. Each conference has its own
/// control token, obtained with the host password; so each has its own session here.
public final class HuaweiClient: PlatformClient {
    /// Each conference signs in with its host password; the profile may give one for every
    /// conference a script names without one.
    public struct Credentials: Sendable {
        public var hostPassword: String?
        public init(hostPassword: String?) { self.hostPassword = hostPassword }
    }

    public let base: String
    /// The host password used when a script names none.
    let defaultPassword: String?
    let limits: RateLimits
    let policy: RetryPolicy
    private let conferences = Mutex<[String: HuaweiConference]>([:])

    /// API Gateway counts each API separately; platforms.md's example header reads 100 a minute.
    public init(settings: HuaweiSettings, rateLimited: Bool = true, policy: RetryPolicy = RetryPolicy()) {
        base = settings.baseURL
        let defaultPassword = settings.credentials.hostPassword
        self.defaultPassword = defaultPassword
        if let defaultPassword { Secrets.register(defaultPassword) }
        limits = rateLimited ? RateLimits(Limit.self) : .none
        self.policy = policy
    }

    /// The conference `id`, controlled with `password` (or the profile's host password).
    public func conference(_ id: String, password: String?) throws -> HuaweiConference {
        guard let password = password ?? defaultPassword else {
            throw PlatformInputError(field: "password", rule: "is required for huawei conference \(id): pass {password=...} or set huawei.host_password in the profile")
        }
        Secrets.register(password)
        return conferences.withLock { all in
            let key = "\(id)\u{0}\(password)"
            if let existing = all[key] { return existing }
            let made = HuaweiConference(id: id, password: password, base: base, limits: limits, policy: policy)
            all[key] = made
            return made
        }
    }
}

public final class HuaweiConference: Sendable {
    public let id: String
    public let session: PlatformSession

    init(id: String, password: String, base: String, limits: RateLimits, policy: RetryPolicy) {
        self.id = id
        let login = PlatformSession(platform: "huawei", base: base, auth: nil, limits: limits, policy: policy)
        let cache = TokenCache { current in
            // A valid token renews itself (no password sent); otherwise, or if renewal is refused,
            // the password gets a new one.
            let request = WireRequest("GET", "/v1/mmc/control/conferences/token", query: [("conferenceID", id)])
            let withPassword = request.header("X-Password", password).header("X-Login-Type", "1")
            var r: WireResponse
            if let current, current.expires > Date() {
                r = try await login.sendForToken(request.header("X-Conference-Authorization", current.value), limit: HuaweiClient.Limit.token)
                if r.status == 401 { r = try await login.sendForToken(withPassword, limit: HuaweiClient.Limit.token) }
            } else {
                r = try await login.sendForToken(withPassword, limit: HuaweiClient.Limit.token)
            }
            guard r.status == 200, let data = r.json?["data"], let token = data["token"]?.text else {
                throw HuaweiConference.error(r, operation: "conference \(id) control token",
                                             hint: r.status == 401 ? "check the host password" : nil)
            }
            let expiry = data["expireTime"]?.integerValue.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            return IssuedToken(value: token, expires: expiry.map { IssuedToken.localExpiry(serverExpiry: $0, serverNow: r.serverDate) }
                ?? Date().addingTimeInterval(30 * 60))
        }
        session = PlatformSession(platform: "huawei", base: base, auth: cache, limits: limits, policy: policy)
    }

    /// `PUT /v1/mmc/control/conferences/live?conferenceID=ID` with `{"isLive": 0|1}`. After an
    /// unanswered attempt, `realTimeInfo` says whether the meeting is already live.
    public func setLive(_ live: Bool, timeout: Duration? = nil) async throws {
        let op = "conference \(id) livestream.\(live ? "start" : "stop")"
        try await session.call(op, limit: HuaweiClient.Limit.live, effect: .change(reconcile: { [self] in
            let info = try await realTimeInfo()
            return (info["confInfo"]?["isLive"]?.integerValue == 1) == live ? () : nil
        }), timeout: timeout, request: { [id] token in
            WireRequest("PUT", "/v1/mmc/control/conferences/live", query: [("conferenceID", id)])
                .header("X-Conference-Authorization", token ?? "").json(["isLive": .integer(live ? 1 : 0)])
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) { .done(()) }
        })
    }

    /// `GET /v1/mmc/control/conferences/realTimeInfo?conferenceID=ID`: `{attendees, participants, confInfo}`.
    public func realTimeInfo(timeout: Duration? = nil) async throws -> LuaValue {
        let op = "conference \(id) status"
        return try await session.call(op, limit: HuaweiClient.Limit.realTimeInfo, effect: .read, timeout: timeout, request: { [id] token in
            WireRequest("GET", "/v1/mmc/control/conferences/realTimeInfo", query: [("conferenceID", id)])
                .header("X-Conference-Authorization", token ?? "")
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) {
                r.json.map { .done($0) } ?? .failed(Self.error(r, operation: op, hint: "unexpected answer"))
            }
        })
    }

    /// Huawei Cloud's errors: `{error_code, error_msg}` and an `X-Request-Id` header.
    static func error(_ r: WireResponse, operation: String, hint: String? = nil) -> PlatformError {
        let json = r.json
        var message = json?["error_msg"]?.text ?? (r.body.isEmpty ? "HTTP \(r.status)" : r.text)
        if let hint { message += " (\(hint))" }
        return PlatformError(platform: "huawei", operation: operation, status: r.status, code: json?["error_code"]?.text,
                             message: message, requestID: r.header("X-Request-Id"))
    }
}

extension HuaweiClient {
    /// What Huawei Cloud Meeting meters: each endpoint, 100 a minute.
    public enum Limit: String, RateLimitClass {
        case token, live, realTimeInfo
        public var documented: (limit: Int, period: Duration) { (100, .seconds(60)) }
    }
}
