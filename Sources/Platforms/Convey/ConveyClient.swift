import Foundation
import LuaHost
import ShowEngine

/// Convey (webcasts.com) event management (seeds/convey-event-management.txt; platforms.md
/// "Convey"). Every call is a form POST; `event_data` travels as a JSON string; every answer
/// is HTTP 200 with the `convey_api` envelope, and `returnCode` 1 is success.
/// Base URL: `https://api.webcasts.com`.
public final class ConveyClient: PlatformClient {
    /// A Convey user: there are no API keys.
    public struct Credentials: Sendable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public let session: PlatformSession

    /// Limits per endpoint, as the seed lists them (authenticate has none); the seed states no
    /// period, and per minute is our reading (platforms.md [I]).
    public init(settings: ConveySettings, rateLimited: Bool = true, policy: RetryPolicy = RetryPolicy()) {
        let base = settings.baseURL, credentials = settings.credentials
        let limits = rateLimited ? RateLimits(Limit.self) : .none
        let login = PlatformSession(platform: "convey", base: base, auth: nil, limits: limits, policy: policy)
        let cache = TokenCache { _ in try await Self.authenticate(login, credentials) }
        session = PlatformSession(platform: "convey", base: base, auth: cache, limits: limits, policy: policy)
    }

    /// There is no refresh call: a new token is a new authentication.
    private static func authenticate(_ session: PlatformSession, _ credentials: Credentials) async throws -> IssuedToken {
        let r = try await session.sendForToken(WireRequest("POST", "/api/authenticate")
            .form([("username", credentials.username), ("password", credentials.password)]))
        let envelope = r.json?["convey_api"]
        guard r.status == 200, let result = envelope?["result"], result["returnCode"]?.integerValue == 1,
              let data = result["authenticationData"], let token = data["token"]?.text else {
            throw error(r, operation: "authenticate", hint: SignInHint.hint(r, url: session.base + "/api/authenticate", addressKey: "convey base_url",
                                                                            credentials: "convey username and password"))
        }
        // token_expiration is in epoch milliseconds; measure the lifetime on the server's clock.
        let expiry = data["token_expiration"]?.integerValue.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        let serverNow = (envelope?["current_timestamp"] ?? envelope?["currentTimestamp"])?.integerValue
            .map { Date(timeIntervalSince1970: Double($0) / 1000) } ?? r.serverDate
        return IssuedToken(value: token, expires: expiry.map { IssuedToken.localExpiry(serverExpiry: $0, serverNow: serverNow) }
            ?? Date().addingTimeInterval(3600))
    }

    // MARK: calls

    /// `POST /api/event/create`: the new event's `event_data` (with `event_id`). Never sent
    /// twice: if its outcome is unknown the error says to check the folder first.
    public func create(_ data: [String: LuaValue], timeout: Duration? = nil) async throws -> LuaValue {
        let data = try ConveyEventData.checked(data, creating: true)
        return try await call("event/create", limit: Limit.create, operation: "create", effect: .create, timeout: timeout,
                              fields: [("event_data", LuaJSON.encode(.table(data)))]) { $0["event_data"] }
    }

    /// `POST /api/event/update`: `event_data` holds `event_id` (a String, as documented) and the
    /// fields to change. Setting fields to values is idempotent, so an unanswered update is sent again.
    public func update(_ id: String, _ data: [String: LuaValue], timeout: Duration? = nil) async throws -> LuaValue {
        var data = data
        data["event_id"] = .string(id)
        data = try ConveyEventData.checked(data, creating: false)
        // Sending it again changes nothing, but after an unanswered attempt (a lost connection,
        // a crash) the event's status says whether it took: then it is not sent twice.
        let wanted = data.filter { $0.key != "event_id" }
        return try await call("event/update", limit: Limit.update, operation: "event \(id) update", effect: .change(reconcile: { [self] in
            let now = try await status(id)
            // Not `inPlace ? now : nil`: beside a LuaValue that nil is LuaValue.nil, an answer,
            // and every unanswered update would read as already in place.
            guard wanted.allSatisfy({ now[$0.key] == $0.value }) else { return Optional<LuaValue>.none }
            return now
        }), timeout: timeout, fields: [("event_data", LuaJSON.encode(.table(data)))]) { $0["event_data"] }
    }

    /// `POST /api/event/status`.
    public func status(_ id: String, timeout: Duration? = nil) async throws -> LuaValue {
        try await call("event/status", limit: Limit.status, operation: "event \(id) status", effect: .read, timeout: timeout,
                       fields: [("event_id", id)]) { $0["event_data"] }
    }

    /// `POST /api/folder/tree`, from `root` or the API user's home folder. `children` is
    /// always a list here (the platform sends an object for one child and omits it for none).
    public func folderTree(root: String? = nil, timeout: Duration? = nil) async throws -> LuaValue {
        try await call("folder/tree", limit: Limit.folder, operation: "folders", effect: .read, timeout: timeout,
                       fields: root.map { [("folder_id", $0)] } ?? []) { $0["folder_tree"].map(Self.normalizedTree) }
    }

    static func normalizedTree(_ node: LuaValue) -> LuaValue {
        guard var o = node.record else { return node }
        if let children = o["children"]?.list {
            o["children"] = .table(LuaTable(array: children.map(normalizedTree)))
        } else if let child = o["children"], child.record != nil {
            o["children"] = .table(LuaTable(array: [normalizedTree(child)]))
        } else {
            o["children"] = .table(LuaTable())
        }
        return .table(o)
    }

    // MARK: plumbing

    /// One form POST. `result` picks the answer's value out of the envelope's `result`; with
    /// returnCode 2 (Partial Success) that value also carries `partial = true` and the
    /// platform's `message`, so a script can tell.
    private func call(_ endpoint: String, limit: Limit, operation: String, effect: CallEffect<LuaValue>, timeout: Duration?,
                      fields: [(String, String)], result: @escaping @Sendable (LuaValue) -> LuaValue?) async throws -> LuaValue {
        try await session.call(operation, limit: limit, effect: effect, timeout: timeout, request: { token in
            WireRequest("POST", "/api/" + endpoint).form([("token", token ?? "")] + fields)
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: false, error: { Self.error(r, operation: operation) }) {
                guard let outcome = r.json?["convey_api"]?["result"], let code = outcome["returnCode"]?.integerValue else {
                    return .failed(Self.error(r, operation: operation, hint: "not a convey_api answer"))
                }
                switch code {
                case 1, 2:
                    guard let value = result(outcome) else { return .failed(Self.error(r, operation: operation, hint: "unexpected answer")) }
                    guard code == 2, var partial = value.record else { return .done(value) }
                    partial["partial"] = true
                    partial["message"] = .string(Self.error(r, operation: operation).message)
                    return .done(.table(partial))
                case 12: return .tokenRejected
                case 61, 62: return .throttled(Self.error(r, operation: operation).retryable(), retryAfter: nil)
                default: return .failed(Self.error(r, operation: operation))
                }
            }
        })
    }

    /// The seed's return-code table, for answers that carry no `error` text.
    static let returnCodes: [Int64: String] = [
        0: "General Error", 2: "Partial Success", 10: "You are not authorized to run a report on this event.",
        11: "The User ID or Session ID is invalid.", 12: "The Token is invalid or expired.",
        50: "The report for this event is currently not available.", 51: "There was invalid data in the report.",
        60: "The reporting service is not available at this time.",
        61: "You have reached the limit on the number of calls you can run for an event.",
        62: "You have reached the maximum number of reports that can be run within one hour.",
        70: "Please remove any insecure tags from the input parameters and try again.", 71: "Please use a valid version number.",
        72: "There were missing or invalid input parameters in your request.", 73: "Ambiguous platform.",
        74: "Could not identify the Reporting Resource requested",
    ]

    static func error(_ r: WireResponse, operation: String, hint: String? = nil) -> PlatformError {
        let result = r.json?["convey_api"]?["result"]
        let code = result?["returnCode"]?.integerValue
        var message = result?["error"]?.text ?? code.flatMap { returnCodes[$0] } ?? (r.body.isEmpty ? "HTTP \(r.status)" : r.text)
        if let hint { message += " (\(hint))" }
        return PlatformError(platform: "convey", operation: operation, status: r.status, code: code.map(String.init), message: message)
    }
}

extension ConveyClient {
    /// What Convey meters, per endpoint as the seed lists them (authenticate has none); the seed
    /// states no period, and per minute is our reading (platforms.md [I]).
    public enum Limit: String, RateLimitClass {
        case create, update, status, folder
        public var documented: (limit: Int, period: Duration) {
            switch self {
            case .create, .update: (100, .seconds(60))
            case .status: (500, .seconds(60))
            case .folder: (60, .seconds(60))
            }
        }
    }
}
