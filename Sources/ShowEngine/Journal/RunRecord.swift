import LuaHost

/// A run's record keeping, on the loop thread: the journal it writes (none in a rehearsal, a
/// plan or the REPL), the journal it resumes (if any), and the key of each platform call.
///
/// A call's key says where in the show it was made and which of its kind it was there:
/// "Town hall/go live#1|vbrick.broadcast:start|vbrick event 6f2d... broadcast|1". A resumed
/// run makes the same calls in the same places, so the same keys, and finds their outcomes.
/// Calls belong to the step the show's cursor is on, from the moment it reaches it to the
/// moment it moves on; with several shows at once, to the step reached last.
public final class RunRecord {
    public let journal: Journal?
    public let replay: JournalReplay?
    private var context = "script"
    private var stepRuns: [String: Int]
    private var callCounts: [String: Int] = [:]

    /// `replay` is the journal a resumed run continues, and appends to as `journal`: without a
    /// journal, nothing is keyed or replayed.
    public init(journal: Journal? = nil, replay: JournalReplay? = nil) {
        self.journal = journal
        self.replay = replay
        stepRuns = replay?.stepRuns ?? [:]
    }

    /// Follows the shows' cursors through the entries they journal.
    func note(_ entry: LuaTable) {
        guard let show = entry.string("show") else { return }
        switch entry.string("type") {
        case "step_next":
            guard let step = entry.string("step") else { return }
            let id = "\(show)/\(step)"
            if entry["resumed"] != .boolean(true) { stepRuns[id, default: 0] += 1 }
            context = "\(id)#\(stepRuns[id] ?? 1)"
        case "show_started": context = "\(show)/start"
        case "show_cleanup": context = "\(show)/cleanup"
        case "show_done", "show_aborted": context = "script"
        default: break
        }
    }

    private var resumedShows: Set<String> = []

    /// Where `show` had got to in the run being resumed: the first time it is asked for that
    /// show only (a show run twice in a script resumes once).
    func resumeState(_ show: String) -> LuaValue {
        guard let replay, resumedShows.insert(show).inserted else { return .nil }
        return replay.showState(show)
    }

    /// The key of a call about to be made to `target` (its description, "zoom webinar 1 live stream").
    public func callKey(operation: String, target: String) -> String {
        let prefix = "\(context)|\(operation)|\(target)"
        callCounts[prefix, default: 0] += 1
        return "\(prefix)|\(callCounts[prefix]!)"
    }
}
