import LuaHost

/// What a resumed run needs from the journal of the run it continues: the outcome of every
/// platform call already made (so it is not made again), the calls whose outcome never came
/// back (so they are checked against the platform first), and where each show had got to.
public final class JournalReplay: Sendable {
    public let file: JournalFile
    /// `call_outcome` entries by call key.
    private let outcomes: [String: LuaTable]
    /// Keys of calls journaled as about to be sent.
    private let intents: Set<String>
    /// How many times each "show/step" was entered (`step_next` entries not themselves resumes).
    let stepRuns: [String: Int]

    public init(_ file: JournalFile) {
        self.file = file
        var outcomes: [String: LuaTable] = [:], intents = Set<String>(), runs: [String: Int] = [:]
        for entry in file.entries {
            switch entry.string("type") {
            case "call_intent": if let key = entry.string("call") { intents.insert(key) }
            case "call_outcome": if let key = entry.string("call") { outcomes[key] = entry }
            case "step_next" where entry["resumed"] != .boolean(true):
                if let show = entry.string("show"), let step = entry.string("step") { runs["\(show)/\(step)", default: 0] += 1 }
            default: break
            }
        }
        self.outcomes = outcomes
        self.intents = intents
        stepRuns = runs
    }

    /// The recorded outcome of a call: `ok`, and `result` or `error`.
    public func outcome(of key: String) -> LuaTable? { outcomes[key] }

    /// Whether the call was journaled as about to be sent.
    public func wasSent(_ key: String) -> Bool { intents.contains(key) }

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
        var cursor: LuaTable?
        var after: String?, jumpTo: String?
        for entry in file.entries where entry.string("show") == show {
            let type = entry.string("type") ?? ""
            let step = entry.string("step")
            switch type {
            case "show_started":
                (started, finished, held, steps, cursor, after, jumpTo) = (entry["time"], false, false, [:], nil, nil, nil)
            case "show_done", "show_aborted": (finished, status) = (true, String(type.dropFirst("show_".count)))
            case "hold": (held, holdBegan) = (true, entry["time"])
            case "resume": held = false
            case "step_next":
                if entry["resumed"] != .boolean(true) { (cursor, after, jumpTo) = (entry, nil, nil) }
            case "jump": jumpTo = step
            default:
                guard let step, type.hasPrefix("step_") || type.hasPrefix("action_") || type == "cue" else { continue }
                var record = steps[step] ?? LuaTable()
                switch type {
                case "cue": record["status"] = "cued"
                case "step_started":
                    record["status"] = "running"
                    // A step run again on resume keeps the time it first started.
                    if entry["resumed"] != .boolean(true) || record["started"] == .nil { record["started"] = entry["time"] }
                    record["planned"] = entry["planned"]
                    record["results"] = .table(LuaTable())
                case "action_done", "action_failed":
                    if case .table(var results) = record["results"] {
                        results.array.append(.table(LuaTable(hash: ["action": entry["action"], "result": entry["result"], "time": entry["time"]])))
                        record["results"] = .table(results)
                    }
                case "step_done", "step_failed", "step_skipped":
                    record["status"] = .string(String(type.dropFirst("step_".count)))
                    record["ended"] = entry["time"]
                    record["error"] = entry["error"]
                default: break
                }
                steps[step] = record
                if step == cursor?.string("step"), let status = record.string("status"), status != "cued" {
                    after = status
                }
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
