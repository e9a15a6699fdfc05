import Foundation
import LuaHost
import ShowEngine

/// Webex meeting controls (seeds/webex-meeting-controls.txt, reference/webex-meeting-controls.openapi.json;
/// platforms.md "Webex Meetings"). Base URL: `https://webexapis.com`; paths start `/v1`.
public final class WebexClient: PlatformClient {
    public enum Credentials: Sendable {
        /// A personal access token: 12 hours, no renewal.
        case accessToken(String)
        /// An integration: access tokens from `POST /v1/access_token` with the refresh token.
        case integration(clientID: String, clientSecret: String, refreshToken: String)
    }

    public let session: PlatformSession

    /// Webex states no number for these calls, only `429` with `Retry-After`. We keep to 300
    /// control calls a minute per token [I], the simulator's limit, and obey `Retry-After` beyond it.
    public init(settings: WebexSettings, rateLimited: Bool = true, policy: RetryPolicy = RetryPolicy()) {
        let base = settings.baseURL, credentials = settings.credentials
        let limits = rateLimited ? RateLimits(Limit.self) : .none
        let login = PlatformSession(platform: "webex", base: base, auth: nil, limits: limits, policy: policy)
        let cache = TokenCache { _ in try await Self.authenticate(login, credentials) }
        session = PlatformSession(platform: "webex", base: base, auth: cache, limits: limits, policy: policy)
    }

    private static func authenticate(_ session: PlatformSession, _ credentials: Credentials) async throws -> IssuedToken {
        switch credentials {
        case .accessToken(let token):
            // Nothing to renew: if the platform refuses it, the call fails saying so.
            return IssuedToken(value: token, expires: .distantFuture)
        case .integration(let id, let secret, let refresh):
            let r = try await session.sendForToken(WireRequest("POST", "/v1/access_token").form([
                ("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret), ("refresh_token", refresh),
            ]))
            guard r.status == 200, let json = r.json, let token = json["access_token"]?.text else {
                throw error(r, operation: "access_token", hint: SignInHint.hint(r, url: session.base + "/v1/access_token", addressKey: "webex base_url",
                                                                                 credentials: "webex client_id, client_secret and refresh_token"))
            }
            let lifetime = Double(json["expires_in"]?.integerValue ?? 3600)
            return IssuedToken(value: token, expires: Date().addingTimeInterval(lifetime))
        }
    }

    // MARK: calls

    /// The three controls as the platform reports them.
    public struct Controls: Sendable, Equatable {
        public var locked: Bool
        public var recordingStarted: Bool
        public var recordingPaused: Bool
        public var json: LuaValue { ["locked": .boolean(locked), "recordingStarted": .boolean(recordingStarted), "recordingPaused": .boolean(recordingPaused)] }
    }

    /// `GET /v1/meetings/controls?meetingId=ID`.
    public func controls(_ meetingID: String, timeout: Duration? = nil) async throws -> Controls {
        let op = "meeting \(meetingID) status"
        return try await session.call(op, limit: Limit.controls, effect: .read, timeout: timeout, request: { token in
            Self.controlsRequest("GET", meetingID, token)
        }, verdict: { Self.controlsVerdict($0, op) })
    }

    /// `PUT /v1/meetings/controls?meetingId=ID` with the fields to set. After an unanswered
    /// attempt the controls are read back, and the change is sent again only if not in place.
    public func update(_ meetingID: String, operation: String, recordingStarted: Bool? = nil, recordingPaused: Bool? = nil,
                       locked: Bool? = nil, timeout: Duration? = nil) async throws -> Controls {
        var body: [String: LuaValue] = [:]
        if let recordingStarted { body["recordingStarted"] = .boolean(recordingStarted) }
        if let recordingPaused { body["recordingPaused"] = .boolean(recordingPaused) }
        if let locked { body["locked"] = .boolean(locked) }
        let op = "meeting \(meetingID) \(operation)"
        let change = LuaValue.table(body)
        return try await session.call(op, limit: Limit.controls, effect: .change(reconcile: { [self] in
            let now = try await controls(meetingID)
            let inPlace = (recordingStarted.map { $0 == now.recordingStarted } ?? true)
                && (recordingPaused.map { $0 == now.recordingPaused } ?? true) && (locked.map { $0 == now.locked } ?? true)
            return inPlace ? now : nil
        }), timeout: timeout, request: { token in
            Self.controlsRequest("PUT", meetingID, token).json(change)
        }, verdict: { Self.controlsVerdict($0, op) })
    }

    /// What a meeting's recording should be, as `meeting:controls{recording = ...}` names it.
    public enum Recording: String, Sendable, CaseIterable {
        case started, paused, stopped
    }

    /// Several controls in one `PUT /v1/meetings/controls`, every given one in the document's
    /// field names, answered with the controls as the platform reports them. The document
    /// describes each field alone; how a target state maps onto them is ours [I]:
    /// - `started`: `recordingStarted: true` ("true means to start the recording") and
    ///   `recordingPaused: false` ("false to resume the recording only if the recording is
    ///   paused"), so a stopped recording starts and a paused one resumes;
    /// - `paused`: `recordingPaused: true` alone, so a meeting that is not recording is refused
    ///   by the platform rather than recorded for a moment and paused;
    /// - `stopped`: `recordingStarted: false` (recordingPaused "will be ignored if
    ///   'recordingStarted' sets to false").
    public func setControls(_ meetingID: String, recording: Recording?, locked: Bool?, timeout: Duration? = nil) async throws -> Controls {
        let started: Bool? = switch recording {
        case .started: true
        case .stopped: false
        case .paused, nil: nil
        }
        let paused: Bool? = switch recording {
        case .started: false
        case .paused: true
        case .stopped, nil: nil
        }
        return try await update(meetingID, operation: "controls", recordingStarted: started, recordingPaused: paused, locked: locked, timeout: timeout)
    }

    /// `GET /v1/meetings/{meetingId}`: title, state (`inProgress`, `scheduled`...).
    public func meeting(_ meetingID: String, timeout: Duration? = nil) async throws -> LuaValue {
        let op = "meeting \(meetingID) details"
        return try await session.call(op, limit: NoRateLimit?.none, effect: .read, timeout: timeout, request: { token in
            WireRequest("GET", "/v1/meetings/\(WireRequest.segment(meetingID))").header("Authorization", "Bearer \(token ?? "")")
        }, verdict: { r in
            Verdict.classify(r, isTokenRejected: r.status == 401, error: { Self.error(r, operation: op) }) {
                r.json.map { .done($0) } ?? .failed(Self.error(r, operation: op, hint: "unexpected answer"))
            }
        })
    }

    // MARK: plumbing

    private static func controlsRequest(_ method: String, _ meetingID: String, _ token: String?) -> WireRequest {
        WireRequest(method, "/v1/meetings/controls", query: [("meetingId", meetingID)]).header("Authorization", "Bearer \(token ?? "")")
    }

    private static func controlsVerdict(_ r: WireResponse, _ op: String) -> Verdict<Controls> {
        let verdict = Verdict<Controls>.classify(r, isTokenRejected: r.status == 401, error: { error(r, operation: op) }) {
            guard let j = r.json, let locked = j["locked"]?.boolValue, let started = j["recordingStarted"]?.boolValue else {
                return .failed(error(r, operation: op, hint: "unexpected answer"))
            }
            return .done(Controls(locked: locked, recordingStarted: started, recordingPaused: j["recordingPaused"]?.boolValue ?? false))
        }
        // The official SDK waits 15 s when a 429 or 423 carries no Retry-After, and never less than 1 s.
        if case .throttled(let e, let after) = verdict { return .throttled(e, retryAfter: max(1, after ?? 15)) }
        return verdict
    }

    /// Webex's errors: `{message, errors: [{description}], trackingId}`, the tracking id also a header.
    static func error(_ r: WireResponse, operation: String, hint: String? = nil) -> PlatformError {
        let json = r.json
        var message = json?["message"]?.text ?? (r.body.isEmpty ? "HTTP \(r.status)" : r.text)
        if let hint { message += " (\(hint))" }
        return PlatformError(platform: "webex", operation: operation, status: r.status, message: message,
                             requestID: json?["trackingId"]?.text ?? r.header("trackingId"))
    }
}

extension WebexClient {
    /// What Webex meters: the meeting controls endpoint, 300 a minute.
    public enum Limit: String, RateLimitClass {
        case controls
        public var documented: (limit: Int, period: Duration) { (300, .seconds(60)) }
    }
}
