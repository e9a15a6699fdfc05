import Foundation

extension Platform {
    public static let vbrick = Platform(declaring: "vbrick")
}

/// The simulated Rev's routes: every answer is JSON, errors `{code, detail}`; every route but
/// the two that sign in needs `Authorization: VBrick <token>`.
extension VbrickState: SimulatedPlatform {
    static let platform = Platform.vbrick

    static let routes: [SimRoute<VbrickState>] = [
        SimRoute("POST", "/api/v2/authenticate", "Authenticate with {apiKey, secret}", signedIn: false) { s, c throws(SimResponse) in try s.authenticate(c) },
        SimRoute("POST", "/api/v2/user/login", "Log in with {username, password}", signedIn: false) { s, c throws(SimResponse) in try s.logIn(c) },
        SimRoute("POST", "/api/v2/auth/extend-session-timeout/{apiKey}", "Extend an API-key session") { s, c throws(SimResponse) in try s.extendSession(c) },
        SimRoute("GET", "/api/v2/scheduled-events/{eventId}", "Event details") { s, c throws(SimResponse) in .json(200, details(try s.event(c))) },
        SimRoute("GET", "/api/v2/scheduled-events/{eventId}/status", "Event status") { s, c throws(SimResponse) in .json(200, status(try s.event(c))) },
        SimRoute("PUT", "/api/v2/scheduled-events/{eventId}/start", "Start an event (body {preProduction})") { s, c throws(SimResponse) in
            try s.change(c) { e throws(SimResponse) in try start(&e, preProduction: try startBody(c)) }
        },
        SimRoute("DELETE", "/api/v2/scheduled-events/{eventId}/start", "End an event (query preProduction)") { s, c throws(SimResponse) in
            try s.change(c) { e throws(SimResponse) in try end(&e, preProduction: try queryBool(c, "preProduction")) }
        },
        SimRoute("PUT", "/api/v2/scheduled-events/{eventId}/broadcast", "Start the broadcast") { s, c throws(SimResponse) in try s.change(c, startBroadcast) },
        SimRoute("DELETE", "/api/v2/scheduled-events/{eventId}/broadcast", "End the broadcast") { s, c throws(SimResponse) in try s.change(c, stopBroadcast) },
        SimRoute("PUT", "/api/v2/scheduled-events/{eventId}/record", "Start recording") { s, c throws(SimResponse) in try s.change(c, startRecording) },
        SimRoute("DELETE", "/api/v2/scheduled-events/{eventId}/record", "Stop recording") { s, c throws(SimResponse) in try s.change(c, stopRecording) },
    ]

    mutating func admit(_ call: inout SimCall) throws(SimResponse) {
        guard call.signedIn else { return }
        guard let auth = call.request.header("authorization"), auth.hasPrefix("VBrick ") else { throw Self.unauthorized }
        let token = String(auth.dropFirst("VBrick ".count))
        guard let s = sessions[token], s.expiry > call.now else { throw Self.unauthorized }
        call.token = token
    }

    static func notFound(now: Date) -> SimResponse { error(404, "NotFound", "No such route.") }
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse {
        error(405, "MethodNotAllowed", "Use \(allowed.joined(separator: " or ")) here.")
    }
    static func tooLarge(now: Date) -> SimResponse { error(413, "PayloadTooLarge", "The request body is too large.") }

    // MARK: handlers

    private mutating func authenticate(_ c: SimCall) throws(SimResponse) -> SimResponse {
        let body = try Self.jsonBody(c)
        guard body["apiKey"]?.stringValue == credentials.declared("vbrickApiKey"), body["secret"]?.stringValue == credentials.declared("vbrickSecret")
        else { throw Self.error(401, "Unauthorized", "Invalid apiKey or secret.") }
        return session(now: c.now, apiKey: credentials.declared("vbrickApiKey"), extra: [:])
    }

    private mutating func logIn(_ c: SimCall) throws(SimResponse) -> SimResponse {
        let body = try Self.jsonBody(c)
        guard body["username"]?.stringValue == credentials.declared("vbrickUsername"), body["password"]?.stringValue == credentials.declared("vbrickPassword")
        else { throw Self.error(401, "Unauthorized", "Invalid username or password.") }
        return session(now: c.now, apiKey: nil, extra: [
            "id": "00000000-0000-4000-8000-000000000001", "email": "sim.producer@example.com",
            "username": .string(credentials.declared("vbrickUsername")),
        ])
    }

    private mutating func extendSession(_ c: SimCall) throws(SimResponse) -> SimResponse {
        guard let token = c.token, sessions[token]?.apiKey == c["apiKey"] else {
            throw Self.error(401, "Unauthorized", "Not an API-key session for this key.")
        }
        let expiry = c.now.addingTimeInterval(Self.sessionLength)
        sessions[token]?.expiry = expiry
        return .json(200, ["expiration": .string(expiry.iso8601)])
    }

    private func event(_ c: SimCall) throws(SimResponse) -> Event {
        guard let event = events[c["eventId"]] else { throw Self.error(404, "NotFound", "Event \(c["eventId"]) not found.") }
        return event
    }

    /// A transition of the event the path names; 200 with no body when it is allowed.
    private mutating func change(_ c: SimCall, _ transition: (inout Event) throws(SimResponse) -> Void) throws(SimResponse) -> SimResponse {
        var e = try event(c)
        try transition(&e)
        events[e.id] = e
        return .empty(200)
    }

    private mutating func session(now: Date, apiKey: String?, extra: [String: JSON]) -> SimResponse {
        let token = Token.make("vbrick-")
        let expiry = now.addingTimeInterval(Self.sessionLength)
        sessions[token] = (expiry, apiKey)
        var body: [String: JSON] = ["token": .string(token), "issuer": "VBrick", "expiration": .string(expiry.iso8601)]
        body.merge(extra) { a, _ in a }
        return .json(200, .object(body))
    }

    // MARK: reading requests

    /// `PUT .../start`: no body is a start without pre-production.
    private static func startBody(_ c: SimCall) throws(SimResponse) -> Bool {
        guard !c.request.body.isEmpty else { return false }
        guard let pre = (try jsonBody(c)["preProduction"] ?? .bool(false)).boolValue else {
            throw error(400, "BadRequest", "preProduction must be a boolean.")
        }
        return pre
    }

    private static func jsonBody(_ c: SimCall) throws(SimResponse) -> [String: JSON] {
        guard c.request.mediaType == "application/json", let body = c.request.json?.objectValue else { throw badRequest }
        return body
    }

    private static func queryBool(_ c: SimCall, _ name: String) throws(SimResponse) -> Bool {
        switch c.request.query[name]?.lowercased() {
        case nil, "false": return false
        case "true": return true
        default: throw error(400, "BadRequest", "\(name) must be true or false.")
        }
    }

    // MARK: answers

    private static func details(_ e: Event) -> JSON {
        ["id": .string(e.id), "title": .string(e.title), "startDate": .string(e.startDate), "endDate": .string(e.endDate),
         "disableAutoRecording": .bool(e.disableAutoRecording), "status": .string(e.status)]
    }

    private static func status(_ e: Event) -> JSON {
        ["eventTitle": .string(e.title), "startDate": .string(e.startDate), "endDate": .string(e.endDate),
         "status": .string(e.status), "slideUrl": .null, "isPreProduction": .bool(e.isPreProduction)]
    }

    static let unauthorized = error(401, "Unauthorized", "Missing, invalid or expired VBrick token.")
    static let badRequest = error(400, "BadRequest", "The body must be a JSON object (application/json).")

    static func error(_ status: Int, _ code: String, _ detail: String) -> SimResponse {
        .json(status, ["code": .string(code), "detail": .string(detail)])
    }
}
