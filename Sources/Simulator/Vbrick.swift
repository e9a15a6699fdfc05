import Foundation

/// Vbrick Rev scheduled events (seeds/vbrick-rev-scheduled-events.txt, platforms.md "Vbrick Rev").
///
/// An event is a set of flags and `status` is derived from them, using the status names of
/// `GET .../status`. Choices of ours [I]:
/// - Transitions are immediate (Rev passes through Starting/RecordingStarting briefly).
/// - With auto recording on (`disableAutoRecording` false) starting the broadcast starts the
///   recording and ending it stops it, so such an event reads `Recording` while broadcasting.
/// - An illegal transition answers 500 `{code, detail}` naming the rule (the seed lists only
///   200/401/500); an unknown event answers 404 `{code: "NotFound"}` as Rev does.
/// - A session lasts 30 minutes from authentication or extension (the tenant's inactivity timeout).
struct VbrickState {
    struct Event {
        var id: String
        var title: String
        var startDate: String
        var endDate: String
        var disableAutoRecording: Bool
        var started = false
        var isPreProduction = false
        var broadcasting = false
        var recording = false
        var completed = false

        var status: String {
            if completed { return "Completed" }
            if !started { return "Scheduled" }
            if recording { return "Recording" }
            if broadcasting { return "Broadcasting" }
            return "InProgress"
        }
    }

    static let sessionLength: TimeInterval = 30 * 60
    var events: [String: Event] = [:]
    var order: [String] = []
    var sessions: [String: (expiry: Date, apiKey: String?)] = [:]

    init(seed: VbrickSeed, now: Date) {
        for e in seed.events {
            var event = Event(id: e.id, title: e.title,
                              startDate: e.startDate ?? now.addingTimeInterval(3600).iso8601,
                              endDate: e.endDate ?? now.addingTimeInterval(7200).iso8601,
                              disableAutoRecording: e.disableAutoRecording ?? false)
            switch e.status ?? "Scheduled" {
            case "InProgress": event.started = true
            case "Broadcasting": event.started = true; event.broadcasting = true; event.recording = !event.disableAutoRecording
            case "Recording": event.started = true; event.broadcasting = true; event.recording = true
            case "Completed": event.completed = true
            default: break
            }
            event.isPreProduction = event.started && (e.isPreProduction ?? false)
            events[e.id] = event
            order.append(e.id)
        }
    }

    mutating func revokeTokens() { sessions.removeAll() }

    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        let parts = req.pathComponents.map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v2" else { return Self.error(404, "NotFound", "No such route.") }
        let route = Array(parts.dropFirst(2))

        switch (req.method, route.count, route.first) {
        case ("POST", 1, "authenticate"):
            guard let body = Self.jsonBody(req) else { return Self.badRequest }
            guard body["apiKey"]?.stringValue == creds.vbrickApiKey, body["secret"]?.stringValue == creds.vbrickSecret
            else { return Self.error(401, "Unauthorized", "Invalid apiKey or secret.") }
            return session(now: now, apiKey: creds.vbrickApiKey, extra: [:])
        case ("POST", 2, "user") where route[1] == "login":
            guard let body = Self.jsonBody(req) else { return Self.badRequest }
            guard body["username"]?.stringValue == creds.vbrickUsername, body["password"]?.stringValue == creds.vbrickPassword
            else { return Self.error(401, "Unauthorized", "Invalid username or password.") }
            return session(now: now, apiKey: nil, extra: [
                "id": "00000000-0000-4000-8000-000000000001", "email": "sim.producer@example.com",
                "username": .string(creds.vbrickUsername),
            ])
        default: break
        }

        guard let token = authorizedToken(req, now: now) else {
            return Self.error(401, "Unauthorized", "Missing, invalid or expired VBrick token.")
        }
        if req.method == "POST", route.count == 3, route[0] == "auth", route[1] == "extend-session-timeout" {
            guard sessions[token]?.apiKey == route[2] else { return Self.error(401, "Unauthorized", "Not an API-key session for this key.") }
            let expiry = now.addingTimeInterval(Self.sessionLength)
            sessions[token]?.expiry = expiry
            return .json(200, ["expiration": .string(expiry.iso8601)])
        }
        guard route.first == "scheduled-events", route.count >= 2, route.count <= 3 else {
            return Self.error(404, "NotFound", "No such route.")
        }
        guard var event = events[route[1]] else { return Self.error(404, "NotFound", "Event \(route[1]) not found.") }
        let action = route.count == 3 ? route[2] : ""
        let outcome: Result<Void, SimResponse>
        switch (req.method, action) {
        case ("GET", ""): return .json(200, details(event))
        case ("GET", "status"): return .json(200, status(event))
        case ("PUT", "start"):
            let pre: Bool
            if req.body.isEmpty { pre = false } else {
                guard let body = Self.jsonBody(req) else { return Self.badRequest }
                guard let b = (body["preProduction"] ?? .bool(false)).boolValue else {
                    return Self.error(400, "BadRequest", "preProduction must be a boolean.")
                }
                pre = b
            }
            outcome = Self.start(&event, preProduction: pre)
        case ("DELETE", "start"):
            guard let pre = Self.queryBool(req.query["preProduction"]) else {
                return Self.error(400, "BadRequest", "preProduction must be true or false.")
            }
            outcome = Self.end(&event, preProduction: pre)
        case ("PUT", "broadcast"): outcome = Self.startBroadcast(&event)
        case ("DELETE", "broadcast"): outcome = Self.stopBroadcast(&event)
        case ("PUT", "record"): outcome = Self.startRecording(&event)
        case ("DELETE", "record"): outcome = Self.stopRecording(&event)
        case (_, "start"), (_, "broadcast"), (_, "record"), (_, "status"), (_, ""):
            return Self.error(405, "MethodNotAllowed", "\(req.method) is not supported here.")
        default: return Self.error(404, "NotFound", "No such route.")
        }
        if case .failure(let response) = outcome { return response }
        events[event.id] = event
        return .empty(200)
    }

    // MARK: transitions

    private static func start(_ e: inout Event, preProduction: Bool) -> Result<Void, SimResponse> {
        if e.completed { return rule("The webcast has ended.") }
        if e.started {
            // Moving from pre-production to the main event is a start without preProduction.
            guard e.isPreProduction, !preProduction else { return rule("The webcast is already started.") }
            e.isPreProduction = false
            return .success(())
        }
        e.started = true
        e.isPreProduction = preProduction
        return .success(())
    }

    private static func end(_ e: inout Event, preProduction: Bool) -> Result<Void, SimResponse> {
        guard e.started, !e.completed else { return rule("The webcast is not started.") }
        if preProduction {
            // Ending pre-production returns the event to Scheduled, ready for the real start.
            guard e.isPreProduction else { return rule("The webcast is not in pre-production.") }
            e = Event(id: e.id, title: e.title, startDate: e.startDate, endDate: e.endDate,
                      disableAutoRecording: e.disableAutoRecording)
            return .success(())
        }
        e.broadcasting = false
        e.recording = false
        e.isPreProduction = false
        e.completed = true
        return .success(())
    }

    private static func startBroadcast(_ e: inout Event) -> Result<Void, SimResponse> {
        guard e.started, !e.completed else { return rule("The webcast must be started before broadcasting.") }
        guard !e.broadcasting else { return rule("The webcast is already broadcasting.") }
        e.broadcasting = true
        if !e.disableAutoRecording { e.recording = true }
        return .success(())
    }

    private static func stopBroadcast(_ e: inout Event) -> Result<Void, SimResponse> {
        guard e.broadcasting else { return rule("The webcast is not broadcasting.") }
        // Nothing is recorded once the broadcast stops, whatever the auto-recording setting [I].
        e.broadcasting = false
        e.recording = false
        return .success(())
    }

    /// Seed: "If the disableAutoRecording parameter is set to false ... you are not able to use
    /// the recording APIs to start and stop a webcast. An error message is generated."
    private static func startRecording(_ e: inout Event) -> Result<Void, SimResponse> {
        guard e.disableAutoRecording else { return autoRecording }
        guard e.broadcasting else { return rule("The webcast must be broadcasting before recording.") }
        guard !e.recording else { return rule("The webcast is already recording.") }
        e.recording = true
        return .success(())
    }

    private static func stopRecording(_ e: inout Event) -> Result<Void, SimResponse> {
        guard e.disableAutoRecording else { return autoRecording }
        guard e.recording else { return rule("The webcast is not recording.") }
        e.recording = false
        return .success(())
    }

    private static var autoRecording: Result<Void, SimResponse> {
        rule("Auto recording is enabled for this webcast (disableAutoRecording is false); the recording APIs cannot start or stop it.")
    }

    private static func rule(_ detail: String) -> Result<Void, SimResponse> {
        .failure(error(500, "InvalidTransition", detail))
    }

    // MARK: helpers

    private mutating func session(now: Date, apiKey: String?, extra: [String: JSON]) -> SimResponse {
        let token = Token.make("vbrick-")
        let expiry = now.addingTimeInterval(Self.sessionLength)
        sessions[token] = (expiry, apiKey)
        var body: [String: JSON] = ["token": .string(token), "issuer": "VBrick", "expiration": .string(expiry.iso8601)]
        body.merge(extra) { a, _ in a }
        return .json(200, .object(body))
    }

    private func authorizedToken(_ req: SimRequest, now: Date) -> String? {
        guard let auth = req.header("authorization"), auth.hasPrefix("VBrick ") else { return nil }
        let token = String(auth.dropFirst("VBrick ".count))
        guard let s = sessions[token], s.expiry > now else { return nil }
        return token
    }

    private func details(_ e: Event) -> JSON {
        ["id": .string(e.id), "title": .string(e.title), "startDate": .string(e.startDate), "endDate": .string(e.endDate),
         "disableAutoRecording": .bool(e.disableAutoRecording), "status": .string(e.status)]
    }

    private func status(_ e: Event) -> JSON {
        ["eventTitle": .string(e.title), "startDate": .string(e.startDate), "endDate": .string(e.endDate),
         "status": .string(e.status), "slideUrl": .null, "isPreProduction": .bool(e.isPreProduction)]
    }

    var snapshot: JSON {
        .array(order.compactMap { events[$0] }.map { e in
            ["id": .string(e.id), "title": .string(e.title), "status": .string(e.status),
             "isPreProduction": .bool(e.isPreProduction), "broadcasting": .bool(e.broadcasting),
             "recording": .bool(e.recording), "disableAutoRecording": .bool(e.disableAutoRecording)]
        })
    }

    var violations: [String] {
        events.values.flatMap { e -> [String] in
            var v: [String] = []
            if e.broadcasting && !e.started { v.append("vbrick \(e.id): broadcasting but not started") }
            if e.recording && !e.broadcasting { v.append("vbrick \(e.id): recording without broadcast") }
            if e.completed && (e.broadcasting || e.recording) { v.append("vbrick \(e.id): completed but live") }
            if !e.disableAutoRecording && e.recording != e.broadcasting { v.append("vbrick \(e.id): auto recording out of step") }
            return v
        }
    }

    private static func jsonBody(_ req: SimRequest) -> [String: JSON]? {
        guard req.mediaType == "application/json" else { return nil }
        return req.json?.objectValue
    }

    private static func queryBool(_ value: String?) -> Bool? {
        switch value?.lowercased() {
        case nil: return false
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    static let badRequest = error(400, "BadRequest", "The body must be a JSON object (application/json).")

    static func error(_ status: Int, _ code: String, _ detail: String) -> SimResponse {
        .json(status, ["code": .string(code), "detail": .string(detail)])
    }
}

extension VbrickState: SimulatedPlatform {
    static let platform = Platform.vbrick
    init(seed: SimulatorSeed, now: Date) { self.init(seed: seed.vbrick, now: now) }
    /// The simulated Rev enforces no rate limit: nothing to switch.
    mutating func limitRates(_ on: Bool) {}
    var snapshotEntry: JSON { ["events": snapshot] }
    static func tooLarge(now: Date) -> SimResponse { error(413, "PayloadTooLarge", "The request body is too large.") }
}
