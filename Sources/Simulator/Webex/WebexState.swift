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

    let credentials: SimulatorCredentials
    var meetings: [String: Meeting] = [:]
    var order: [String] = []
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: WebexSeed, credentials: SimulatorCredentials, now: Date) {
        self.credentials = credentials
        for m in seed.meetings {
            let started = m.recordingStarted ?? false
            meetings[m.id] = Meeting(id: m.id, title: m.title, state: Self.states.contains(m.state) ? m.state : "scheduled",
                                     locked: m.locked ?? false, recordingStarted: started,
                                     recordingPaused: started && (m.recordingPaused ?? false))
            order.append(m.id)
        }
        tokens[credentials.declared("webexAccessToken")] = now.addingTimeInterval(Self.personalTokenLifetime)
    }

    mutating func revokeTokens() { tokens.removeAll() }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }

    /// The fields of a control update, all in one: seed: recordingPaused "will be ignored if
    /// 'recordingStarted' sets to false".
    static func apply(_ body: [String: Bool], to m: inout Meeting) throws(SimResponse) {
        if body["recordingStarted"] == false {
            m.recordingStarted = false
            m.recordingPaused = false
        } else {
            if body["recordingStarted"] == true && !m.recordingStarted { m.recordingStarted = true; m.recordingPaused = false }
            if let paused = body["recordingPaused"] {
                guard m.recordingStarted else { throw error(400, "The meeting is not being recorded.") }
                m.recordingPaused = paused
            }
        }
        if let locked = body["locked"] { m.locked = locked }
    }

    var snapshot: JSON {
        ["meetings": .array(order.compactMap { meetings[$0] }.map { m in
            ["id": .string(m.id), "title": .string(m.title), "state": .string(m.state), "locked": .bool(m.locked),
             "recordingStarted": .bool(m.recordingStarted), "recordingPaused": .bool(m.recordingPaused)]
        })]
    }

    var violations: [String] {
        meetings.values.compactMap { m in
            m.recordingPaused && !m.recordingStarted ? "webex \(m.id): paused without recording" : nil
        }
    }
}
