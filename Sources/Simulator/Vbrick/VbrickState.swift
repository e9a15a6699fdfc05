import Foundation

/// Vbrick Rev scheduled events (seeds/vbrick-rev-scheduled-events.txt, platforms.md "Vbrick Rev").
///
/// An event is a set of flags and `status` is derived from them, using the status names of
/// `GET .../status`. Choices of ours [I]:
/// - Transitions are immediate (Rev passes through Starting/RecordingStarting briefly).
/// - With auto recording on (`disableAutoRecording` false) starting the broadcast starts the
///   recording and ending it stops it, so such an event reads `Recording` while broadcasting.
/// - Ending pre-production returns the event to Scheduled, ready for the real start. No
///   document says which state follows (the seed's "End an Event" only says it "may also end a
///   Pre-Production Webcast"); Rev's own UI offers the real start afterwards. The client
///   accepts Completed too (VbrickClient.end).
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
    let credentials: SimulatorCredentials
    var events: [String: Event] = [:]
    var order: [String] = []
    var sessions: [String: (expiry: Date, apiKey: String?)] = [:]

    init(seed: VbrickSeed, credentials: SimulatorCredentials, now: Date) {
        self.credentials = credentials
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

    /// The simulated Rev enforces no rate limit: nothing to switch.
    mutating func limitRates(_ on: Bool) {}

    // MARK: transitions

    static func start(_ e: inout Event, preProduction: Bool) throws(SimResponse) {
        if e.completed { throw rule("The webcast has ended.") }
        if e.started {
            // Moving from pre-production to the main event is a start without preProduction.
            guard e.isPreProduction, !preProduction else { throw rule("The webcast is already started.") }
            e.isPreProduction = false
            return
        }
        e.started = true
        e.isPreProduction = preProduction
    }

    static func end(_ e: inout Event, preProduction: Bool) throws(SimResponse) {
        guard e.started, !e.completed else { throw rule("The webcast is not started.") }
        if preProduction {
            guard e.isPreProduction else { throw rule("The webcast is not in pre-production.") }
            e = Event(id: e.id, title: e.title, startDate: e.startDate, endDate: e.endDate,
                      disableAutoRecording: e.disableAutoRecording)
            return
        }
        e.broadcasting = false
        e.recording = false
        e.isPreProduction = false
        e.completed = true
    }

    static func startBroadcast(_ e: inout Event) throws(SimResponse) {
        guard e.started, !e.completed else { throw rule("The webcast must be started before broadcasting.") }
        guard !e.broadcasting else { throw rule("The webcast is already broadcasting.") }
        e.broadcasting = true
        if !e.disableAutoRecording { e.recording = true }
    }

    static func stopBroadcast(_ e: inout Event) throws(SimResponse) {
        guard e.broadcasting else { throw rule("The webcast is not broadcasting.") }
        // Nothing is recorded once the broadcast stops, whatever the auto-recording setting [I].
        e.broadcasting = false
        e.recording = false
    }

    /// Seed: "If the disableAutoRecording parameter is set to false ... you are not able to use
    /// the recording APIs to start and stop a webcast. An error message is generated."
    static func startRecording(_ e: inout Event) throws(SimResponse) {
        guard e.disableAutoRecording else { throw autoRecording }
        guard e.broadcasting else { throw rule("The webcast must be broadcasting before recording.") }
        guard !e.recording else { throw rule("The webcast is already recording.") }
        e.recording = true
    }

    static func stopRecording(_ e: inout Event) throws(SimResponse) {
        guard e.disableAutoRecording else { throw autoRecording }
        guard e.recording else { throw rule("The webcast is not recording.") }
        e.recording = false
    }

    private static var autoRecording: SimResponse {
        rule("Auto recording is enabled for this webcast (disableAutoRecording is false); the recording APIs cannot start or stop it.")
    }

    private static func rule(_ detail: String) -> SimResponse { error(500, "InvalidTransition", detail) }

    // MARK: state

    var snapshot: JSON {
        ["events": .array(order.compactMap { events[$0] }.map { e in
            ["id": .string(e.id), "title": .string(e.title), "status": .string(e.status),
             "isPreProduction": .bool(e.isPreProduction), "broadcasting": .bool(e.broadcasting),
             "recording": .bool(e.recording), "disableAutoRecording": .bool(e.disableAutoRecording)]
        })]
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
}
