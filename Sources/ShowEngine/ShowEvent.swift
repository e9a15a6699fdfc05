/// One thing that happened in a show, as the show reported it.
public struct ShowEvent: Sendable {
    /// "show_started", "step_started", "step_done", "hold"... (the `type` field).
    public let type: String
    /// A line for people.
    public let text: String
    /// Wall time, seconds since 1970.
    public let time: Double
    /// The whole event as a JSON object.
    public let json: String

    /// The type of the events that report a platform call, for the control page: logs and
    /// displays leave them out (the show's own action events say what a step did).
    public static let platformCall = "platform_call"
}
