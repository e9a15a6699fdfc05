import Foundation

/// Webex meeting controls (seeds/webex-meeting-controls.txt, reference/webex-meeting-controls.openapi.json,
/// platforms.md "Webex Meetings").
///
/// Choices of ours [I]:
/// - Controls of a meeting not in progress answer 400 ("Controls apply only to a meeting in progress").
/// - `recordingPaused: true` while not recording (and not starting) answers 400 (platforms.md).
/// - Integration access tokens last 14 days (Webex's documented lifetime), refresh tokens do not expire here.
/// - Each token may make 300 control calls a minute; beyond that 429 with Retry-After in seconds.
/// - 423 happens only through fault injection (`423=RATE`); Webex gives no rule for it.
struct WebexState {
    struct Meeting {
        var id: String
        var title: String
        var state: String
        var locked: Bool
        var recordingStarted: Bool
        var recordingPaused: Bool
    }

    static let states: Set<String> = ["active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"]
    static let personalTokenLifetime: TimeInterval = 12 * 3600
    static let integrationTokenLifetime: TimeInterval = 14 * 24 * 3600
    static let controlsPerMinute = 300

    var meetings: [String: Meeting] = [:]
    var order: [String] = []
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: WebexSeed, creds: SimulatorCredentials, now: Date) {
        for m in seed.meetings {
            let started = m.recordingStarted ?? false
            meetings[m.id] = Meeting(id: m.id, title: m.title, state: Self.states.contains(m.state) ? m.state : "scheduled",
                                     locked: m.locked ?? false, recordingStarted: started,
                                     recordingPaused: started && (m.recordingPaused ?? false))
            order.append(m.id)
        }
        tokens[creds.webexAccessToken] = now.addingTimeInterval(Self.personalTokenLifetime)
    }

    mutating func revokeTokens() { tokens.removeAll() }

    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        let parts = req.pathComponents
        guard parts.first == "v1", parts.count >= 2 else { return Self.error(404, "The requested resource could not be found.") }
        if parts.count == 2, parts[1] == "access_token" {
            guard req.method == "POST" else { return Self.error(405, "Method not allowed.") }
            return accessToken(req, creds, now: now)
        }
        guard parts[1] == "meetings", parts.count == 3 else { return Self.error(404, "The requested resource could not be found.") }
        guard let auth = req.header("authorization"), auth.hasPrefix("Bearer "),
              let expiry = tokens[String(auth.dropFirst(7))], expiry > now else {
            return Self.error(401, "The request requires a valid access token set in the Authorization request header.")
        }
        let token = String(auth.dropFirst(7))

        if parts[2] != "controls" {
            guard req.method == "GET" else { return Self.error(405, "Method not allowed.") }
            guard let m = meetings[String(parts[2])] else { return Self.error(404, "Meeting not found.") }
            return .json(200, ["id": .string(m.id), "title": .string(m.title), "state": .string(m.state), "meetingType": "meeting"])
        }
        guard req.method == "GET" || req.method == "PUT" else { return Self.error(405, "Method not allowed.") }
        if let wait = limiter.take(token, limit: Self.controlsPerMinute, per: 60, now: now) {
            return Self.error(429, "Too many requests.").adding("Retry-After", String(wait))
        }
        guard let id = req.query["meetingId"], !id.isEmpty else { return Self.error(400, "meetingId is required.") }
        guard var m = meetings[id] else { return Self.error(404, "Meeting not found.") }
        guard m.state == "inProgress" else { return Self.error(400, "Meeting controls apply only to a meeting in progress.") }
        if req.method == "PUT" {
            guard req.mediaType == "application/json" else { return Self.error(415, "Content-Type must be application/json.") }
            guard let body = req.json?.objectValue else { return Self.error(400, "The request body is not a JSON object.") }
            for key in ["recordingStarted", "recordingPaused", "locked"] where body[key] != nil && body[key]?.boolValue == nil {
                return Self.error(400, "\(key) must be a boolean.")
            }
            if let error = Self.apply(body, to: &m) { return error }
            meetings[id] = m
        }
        return .json(200, ["locked": .bool(m.locked), "recordingStarted": .bool(m.recordingStarted),
                           "recordingPaused": .bool(m.recordingPaused)])
    }

    /// Seed: recordingPaused "will be ignored if 'recordingStarted' sets to false".
    private static func apply(_ body: [String: JSON], to m: inout Meeting) -> SimResponse? {
        let started = body["recordingStarted"]?.boolValue
        let paused = body["recordingPaused"]?.boolValue
        if started == false {
            m.recordingStarted = false
            m.recordingPaused = false
        } else {
            if started == true && !m.recordingStarted { m.recordingStarted = true; m.recordingPaused = false }
            if let paused {
                guard m.recordingStarted else { return error(400, "The meeting is not being recorded.") }
                m.recordingPaused = paused
            }
        }
        if let locked = body["locked"]?.boolValue { m.locked = locked }
        return nil
    }

    private mutating func accessToken(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        guard req.mediaType == "application/x-www-form-urlencoded", let form = req.form else {
            return Self.error(415, "Content-Type must be application/x-www-form-urlencoded.")
        }
        guard form["grant_type"] == "refresh_token" else { return Self.error(400, "grant_type must be refresh_token.") }
        guard form["client_id"] == creds.webexClientId, form["client_secret"] == creds.webexClientSecret,
              form["refresh_token"] == creds.webexRefreshToken else {
            return Self.error(401, "Invalid client credentials or refresh token.")
        }
        let token = Token.make("webex-", length: 64)
        tokens[token] = now.addingTimeInterval(Self.integrationTokenLifetime)
        return .json(200, ["access_token": .string(token), "expires_in": .int(Int64(Self.integrationTokenLifetime)),
                           "refresh_token": .string(creds.webexRefreshToken), "refresh_token_expires_in": 7_776_000,
                           "token_type": "Bearer"])
    }

    static func error(_ status: Int, _ message: String) -> SimResponse {
        let tracking = "ROUTER_" + Token.make(length: 24).uppercased()
        return .json(status, ["message": .string(message), "errors": [["description": .string(message)]],
                              "trackingId": .string(tracking)], headers: [("trackingId", tracking)])
    }

    var snapshot: JSON {
        .array(order.compactMap { meetings[$0] }.map { m in
            ["id": .string(m.id), "title": .string(m.title), "state": .string(m.state), "locked": .bool(m.locked),
             "recordingStarted": .bool(m.recordingStarted), "recordingPaused": .bool(m.recordingPaused)]
        })
    }

    var violations: [String] {
        meetings.values.compactMap { m in
            m.recordingPaused && !m.recordingStarted ? "webex \(m.id): paused without recording" : nil
        }
    }
}

extension WebexState: SimulatedPlatform {
    static let platform = Platform.webex
    init(seed: SimulatorSeed, now: Date) { self.init(seed: seed.webex, creds: seed.credentials, now: now) }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }
    var snapshotEntry: JSON { ["meetings": snapshot] }
    static func tooLarge(now: Date) -> SimResponse { error(413, "The request body is too large.") }
}
