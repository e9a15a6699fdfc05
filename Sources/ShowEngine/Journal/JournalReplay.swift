import LuaHost

/// What a resumed run needs from the journal of the run it continues: the outcome of every
/// platform call already made (so it is not made again), the calls whose outcome never came
/// back (so they are checked against the platform first), and where each show had got to.
public final class JournalReplay: Sendable {
    public let file: JournalFile
    /// `call_outcome` entries by call key.
    private let outcomes: [String: JournalEntry]
    /// Calls journaled as about to be sent: when (seconds since 1970), by call key.
    private let intents: [String: Double]
    /// How many times each "show/step" was entered (`step_next` entries not themselves resumes).
    let stepRuns: [String: Int]
    /// When the last call sent without an answer was journaled (seconds since 1970), if any.
    public let lastUnanswered: Double?

    public init(_ file: JournalFile) {
        self.file = file
        var outcomes: [String: JournalEntry] = [:], intents: [String: Double] = [:], runs: [String: Int] = [:]
        for entry in file.entries {
            switch entry.kind {
            case .callIntent:
                // An entry without a time (the journal's contract gives every entry one) reads as long ago.
                if let key = entry.string("call") { intents[key] = entry["time"].number ?? 0 }
            case .callOutcome: if let key = entry.string("call") { outcomes[key] = entry }
            case .stepNext where entry["resumed"] != .boolean(true):
                if let show = entry.show, let step = entry.step { runs["\(show)/\(step)", default: 0] += 1 }
            default: break
            }
        }
        self.outcomes = outcomes
        self.intents = intents
        stepRuns = runs
        lastUnanswered = intents.filter { outcomes[$0.key] == nil }.values.max()
    }

    /// The recorded outcome of a call: `ok`, and `result` or `error`.
    public func outcome(of key: String) -> JournalEntry? { outcomes[key] }

    /// Whether the call was journaled as about to be sent.
    public func wasSent(_ key: String) -> Bool { intents[key] != nil }

    /// Where the show named `show` had got to, for `show.lua`, or nil if it never started:
    ///   finished    - it ended: nothing to resume; status - "done" or "aborted" (or "running")
    ///   started     - when it started; held, hold_began - HOLD in force
    ///   steps       - by name: status, planned, started, ended, error, results (as the timeline shows them)
    ///   cursor      - the step it was at; jumped - reached by JUMP or fallback (starts at once)
    ///   after       - what that step did after the cursor reached it: "running", "done", "failed", "skipped" or nil
    ///   jump_to     - a JUMP decided after the cursor, if any
    public func showState(_ show: String) -> LuaValue {
        var started: LuaValue = .nil
        var finished = false, held = false
        var status = "running"
        var holdBegan: LuaValue = .nil
        var steps: [String: LuaTable] = [:]
        var cursor: JournalEntry?
        var after: String?, jumpTo: String?
        for entry in file.entries where entry.show == show {
            let step = entry.step
            switch entry.kind {
            case .showStarted:
                (started, finished, held, steps, cursor, after, jumpTo) = (entry["time"], false, false, [:], nil, nil, nil)
            case .showDone: (finished, status) = (true, "done")
            case .showAborted: (finished, status) = (true, "aborted")
            case .hold: (held, holdBegan) = (true, entry["time"])
            case .resume: held = false
            case .stepNext:
                if entry["resumed"] != .boolean(true) { (cursor, after, jumpTo) = (entry, nil, nil) }
            case .jump: jumpTo = step
            case .cue, .stepStarted, .actionDone, .actionFailed, .stepDone, .stepFailed, .stepSkipped:
                guard let step else { continue }
                var record = steps[step] ?? LuaTable()
                switch entry.kind {
                case .cue: record["status"] = "cued"
                case .stepStarted:
                    record["status"] = "running"
                    // A step run again on resume keeps the time it first started.
                    if entry["resumed"] != .boolean(true) || record["started"] == .nil { record["started"] = entry["time"] }
                    record["planned"] = entry["planned"]
                    record["results"] = .table(LuaTable())
                case .actionDone, .actionFailed:
                    if case .table(var results) = record["results"] {
                        results.array.append(.table(LuaTable(hash: ["action": entry["action"], "result": entry["result"], "time": entry["time"]])))
                        record["results"] = .table(results)
                    }
                case .stepDone, .stepFailed, .stepSkipped:
                    record["status"] = .string(String(entry.kind.rawValue.dropFirst("step_".count)))
                    record["ended"] = entry["time"]
                    record["error"] = entry["error"]
                default: break
                }
                steps[step] = record
                if step == cursor?.step, let status = record.string("status"), status != "cued" {
                    after = status
                }
            default: continue
            }
        }
        guard started != .nil else { return .nil }
        var state = LuaTable()
        state["finished"] = .boolean(finished)
        state["status"] = .string(status)
        state["started"] = started
        state["held"] = .boolean(held)
        state["hold_began"] = held ? holdBegan : .nil
        state["steps"] = .table(LuaTable(hash: Dictionary(uniqueKeysWithValues: steps.map { (.string($0.key), .table($0.value)) })))
        state["cursor"] = cursor.map { $0["step"] } ?? .nil
        state["jumped"] = cursor?["jumped"] ?? .nil
        state["after"] = after.map { .string($0) } ?? .nil
        state["jump_to"] = jumpTo.map { .string($0) } ?? .nil
        return .table(state)
    }
}
