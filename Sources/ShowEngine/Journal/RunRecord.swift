import LuaHost

/// A run's record keeping, on the loop thread: the journal it writes (none in a rehearsal or a
/// plan; in the REPL, from its first `:run` on), the journal it resumes (if any), and the key
/// of each platform call.
///
/// A call's key says where in the show it was made and which of its kind it was there:
/// "Town hall/go live#1|vbrick.broadcast:start|vbrick event 6f2d... broadcast|1". A resumed
/// run makes the same calls in the same places, so the same keys, and finds their outcomes.
/// Calls belong to the step their show's cursor is on, from the moment it reaches it to the
/// moment it moves on. A task belongs to the show whose entries it journals (the show's
/// runner), and a task spawned from it to the same show, so with several shows at once each
/// call is keyed by its own show's cursor, however the shows' moves interleave.
public final class RunRecord {
    public private(set) var journal: Journal?
    public let replay: JournalReplay?
    /// Where each show's cursor is ("Town hall/go live#1"); calls of no show are "script".
    private var contexts: [String: (label: String, step: String?)] = [:]
    private var stepRuns: [String: Int]
    private var callCounts: [String: Int] = [:]

    /// `replay` is the journal a resumed run continues, and appends to as `journal`: without a
    /// journal, nothing is keyed or replayed.
    public init(journal: Journal? = nil, replay: JournalReplay? = nil) {
        self.journal = journal
        self.replay = replay
        stepRuns = replay?.stepRuns ?? [:]
    }

    /// The loop whose turns batch the journal's writes (`Journal.hold(while:)`).
    private var loop: LuaRunLoop?

    /// Batches the journal's writes by `loop`'s turns, this journal's and one attached later.
    func batch(on loop: LuaRunLoop) {
        self.loop = loop
        loop.whenCaughtUp { [weak self] in self?.journal?.release() }
        if let journal { hold(journal) }
    }

    /// The loop is held strongly: a weak reference would move every retain of the loop, which
    /// every post to it makes, to the slower side-table count. It holds nothing of the journal's.
    private func hold(_ journal: Journal) {
        guard let loop else { return }
        journal.hold { loop.isTurning }
    }

    /// Starts journaling a run that began without a journal (the REPL's first `:run`): every
    /// call and show entry from now on goes to it, keyed as in a run started with it. Once:
    /// a second journal would key its calls after the first's.
    public func attach(_ journal: Journal) -> Bool {
        guard self.journal == nil, replay == nil else { return false }
        self.journal = journal
        hold(journal)
        return true
    }

    /// Follows the shows' cursors through the entries they journal; the task journaling them
    /// belongs to that show from then on.
    func note(_ entry: JournalEntry, state: LuaState) {
        guard let show = entry.show else { return }
        state.currentLabel = show
        switch entry.kind {
        case .stepNext:
            guard let step = entry.step else { return }
            let id = "\(show)/\(step)"
            if entry["resumed"] != .boolean(true) { stepRuns[id, default: 0] += 1 }
            contexts[show] = ("\(id)#\(stepRuns[id] ?? 1)", step)
        case .showStarted: contexts[show] = ("\(show)/start", nil)
        case .showCleanup: contexts[show] = ("\(show)/cleanup", nil)
        case .showDone, .showAborted: contexts[show] = nil
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

    /// The key of a call about to be made to `target` (its description, "zoom webinar 1 live
    /// stream") by a task of `show` (nil: of none), and the show and step it is made from
    /// (nil: the script, outside any show).
    public func callKey(operation: String, target: String, show: String?) -> (key: String, place: (show: String, step: String?)?) {
        let context = show.flatMap { contexts[$0] }
        let prefix = "\(context?.label ?? "script")|\(operation)|\(target)"
        callCounts[prefix, default: 0] += 1
        return ("\(prefix)|\(callCounts[prefix]!)", context.flatMap { c in show.map { ($0, c.step) } })
    }
}
