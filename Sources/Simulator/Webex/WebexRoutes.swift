import Foundation

extension Platform {
    public static let webex = Platform(declaring: "webex")
}

/// The simulated Webex API: errors `{message, errors: [{description}], trackingId}`, the tracking
/// id also a header; every route but the token refresh needs `Authorization: Bearer <token>`.
extension WebexState: SimulatedPlatform {
    static let platform = Platform.webex

    static let routes: [SimRoute<WebexState>] = [
        SimRoute("POST", "/v1/access_token", "Refresh an integration access token", signedIn: false) { s, c throws(SimResponse) in try s.accessToken(c) },
        SimRoute("GET", "/v1/meetings/{meetingId}", "Meeting details and state") { s, c throws(SimResponse) in
            guard let m = s.meetings[c["meetingId"]] else { throw error(404, "Meeting not found.") }
            return .json(200, ["id": .string(m.id), "title": .string(m.title), "state": .string(m.state), "meetingType": "meeting"])
        },
        SimRoute("GET", "/v1/meetings/controls", "Get meeting control status (query meetingId)") { s, c throws(SimResponse) in
            controlStatus(try s.meetingInProgress(c))
        },
        SimRoute("PUT", "/v1/meetings/controls", "Update meeting control status (query meetingId)") { s, c throws(SimResponse) in
            var m = try s.meetingInProgress(c)
            try apply(try controlBody(c), to: &m)
            s.meetings[m.id] = m
            return controlStatus(m)
        },
    ]

    mutating func admit(_ call: inout SimCall) throws(SimResponse) {
        guard call.signedIn else { return }
        guard let auth = call.request.header("authorization"), auth.hasPrefix("Bearer "),
              let expiry = tokens[String(auth.dropFirst(7))], expiry > call.now else {
            throw Self.error(401, "The request requires a valid access token set in the Authorization request header.")
        }
        call.token = String(auth.dropFirst(7))
    }

    static func notFound(now: Date) -> SimResponse { error(404, "The requested resource could not be found.") }
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse { error(405, "Method not allowed.") }
    static func tooLarge(now: Date) -> SimResponse { error(413, "The request body is too large.") }

    // MARK: handlers

    /// The meeting a control call names, counted against its token's limit first.
    private mutating func meetingInProgress(_ c: SimCall) throws(SimResponse) -> Meeting {
        if let wait = limiter.take(c.token ?? "", limit: Self.controlsPerMinute, per: 60, now: c.now) {
            throw Self.error(429, "Too many requests.").adding("Retry-After", String(wait))
        }
        guard let id = c.request.query["meetingId"], !id.isEmpty else { throw Self.error(400, "meetingId is required.") }
        guard let m = meetings[id] else { throw Self.error(404, "Meeting not found.") }
        guard m.state == "inProgress" else { throw Self.error(400, "Meeting controls apply only to a meeting in progress.") }
        return m
    }

    /// The update's fields, each a boolean.
    private static func controlBody(_ c: SimCall) throws(SimResponse) -> [String: Bool] {
        guard c.request.mediaType == "application/json" else { throw error(415, "Content-Type must be application/json.") }
        guard let body = c.request.json?.objectValue else { throw error(400, "The request body is not a JSON object.") }
        var fields: [String: Bool] = [:]
        for key in ["recordingStarted", "recordingPaused", "locked"] where body[key] != nil {
            guard let value = body[key]?.boolValue else { throw error(400, "\(key) must be a boolean.") }
            fields[key] = value
        }
        return fields
    }

    private static func controlStatus(_ m: Meeting) -> SimResponse {
        .json(200, ["locked": .bool(m.locked), "recordingStarted": .bool(m.recordingStarted), "recordingPaused": .bool(m.recordingPaused)])
    }

    private mutating func accessToken(_ c: SimCall) throws(SimResponse) -> SimResponse {
        guard c.request.mediaType == "application/x-www-form-urlencoded", let form = c.request.form else {
            throw Self.error(415, "Content-Type must be application/x-www-form-urlencoded.")
        }
        guard form["grant_type"] == "refresh_token" else { throw Self.error(400, "grant_type must be refresh_token.") }
        guard form["client_id"] == credentials.declared("webexClientId"), form["client_secret"] == credentials.declared("webexClientSecret"),
              form["refresh_token"] == credentials.declared("webexRefreshToken") else {
            throw Self.error(401, "Invalid client credentials or refresh token.")
        }
        let token = Token.make("webex-", length: 64)
        tokens[token] = c.now.addingTimeInterval(Self.integrationTokenLifetime)
        return .json(200, ["access_token": .string(token), "expires_in": .int(Int64(Self.integrationTokenLifetime)),
                           "refresh_token": .string(credentials.declared("webexRefreshToken")), "refresh_token_expires_in": 7_776_000,
                           "token_type": "Bearer"])
    }

    static func error(_ status: Int, _ message: String) -> SimResponse {
        let tracking = "ROUTER_" + Token.make(length: 24).uppercased()
        return .json(status, ["message": .string(message), "errors": [["description": .string(message)]],
                              "trackingId": .string(tracking)], headers: [("trackingId", tracking)])
    }
}
