import LuaHost
import ShowEngine

/// What a call that succeeded says about the object it was made on, for the control page's
/// outputs: the verb done ("started", "stopped", "paused", "locked"), or what a read answered
/// (its `status` or `state` field), and whether that means on air. Only what the call itself
/// says: a read (`status`, `get`) tells what the platform reports, a verb only what we last did.
/// The words are Vbrick's, Webex's and Huawei's status values as the simulator and the API
/// documents give them; an unknown word leaves on air unknown rather than guess.
struct OutputState {
    let text: String
    /// On air (true), off air (false), or not told by this call (nil).
    let live: Bool?
    /// The call read the platform's state rather than changed it.
    let read: Bool
    private static let reads: Set<String> = ["status", "get", "info", "state"]

    /// A verb tells what we did; only stopping tells that an output is off. On air is what a
    /// read says (a start may be a pre-production, which nobody sees).
    private static let verbs: [String: (String, Bool?)] = [
        "start": ("started", nil), "stop": ("stopped", false), "end": ("ended", false),
        "pause": ("paused", nil), "resume": ("resumed", nil), "lock": ("locked", nil), "unlock": ("unlocked", nil),
        "create": ("created", nil), "delete": ("deleted", false),
    ]
    /// Read answers that mean on air, and off air.
    private static let onAir: Set<String> = ["started", "live", "broadcasting", "streaming", "recording", "inprogress", "in_progress", "active", "on"]
    private static let offAir: Set<String> = ["stopped", "ended", "idle", "notstarted", "not_started", "paused", "scheduled", "completed", "off", "inactive"]

    init(operation: String, result: LuaValue) {
        let verb = operation.split(separator: ":").last.map(String.init) ?? operation
        read = Self.reads.contains(verb)
        let said = ["status", "state", "streamStatus", "recordingStatus"].lazy.compactMap { result.field($0).text }.first
        if let said {
            text = said
            let word = said.lowercased().replacingOccurrences(of: " ", with: "")
            live = Self.onAir.contains(word) ? true : Self.offAir.contains(word) ? false : nil
        } else if let (done, live) = Self.verbs[verb] {
            text = done
            self.live = live
        } else {
            text = verb + " ok"
            live = nil
        }
    }
}
