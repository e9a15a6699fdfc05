import LuaHost
import Synchronization

/// The latest state each show published, for `GET /state`, the event streams and the terminal
/// display. A show publishes its header (a dozen fields) and only the steps whose rows changed;
/// each part is kept as its JSON text, encoded once when it changed: a hundred shows of forty
/// steps keep a few hundred bytes a step and a header each, and no event costs work in
/// proportion to the whole show. Swift's readers (the terminal, the JUMP check, over/under)
/// read the few fields they need back from that text.
///
/// What depends on the time of reading is not in that encoding but added to each answer, from
/// the clock at that moment: `now` (the server's time, which a client sets its clock by), and
/// `countdown`, `elapsed` and `waiting` (how long a cue has waited for GO). A state published
/// 20 s ago answers with a countdown 20 s shorter, not the one it had then.
final class ShowStates: @unchecked Sendable {
    /// One show's state.
    private struct Snapshot: Sendable {
        let name: String
        /// The header without the keys computed at answer time.
        var header: String
        var steps: [StepRow]
        /// The times the answer-time fields are computed from.
        var times: Times
    }

    /// From the published state: when it was published (`clock`), the next start, since when
    /// a cue waits, the elapsed time then, and whether the show still runs.
    private struct Times: Sendable {
        var clock: Double?
        var nextAt: Double?
        var cuedAt: Double?
        var elapsed: Double?
        var running = false

        init(_ state: LuaTable) {
            clock = state["clock"].number
            nextAt = state["next_at"].number
            cuedAt = state["cued_at"].number
            elapsed = state["elapsed"].number
            running = state["status"].text == "running"
        }

        /// `,"now":...` and the rest, for `now`.
        func fields(now: Double) -> String {
            var out = ",\"now\":" + LuaJSON.encode(.number(now))
            if let nextAt { out += ",\"countdown\":" + LuaJSON.encode(.number(max(0, nextAt - now))) }
            if let elapsed {
                let since = running ? max(0, now - (clock ?? now)) : 0
                out += ",\"elapsed\":" + LuaJSON.encode(.number(elapsed + since))
            }
            if let cuedAt, running { out += ",\"waiting\":" + LuaJSON.encode(.number(max(0, now - cuedAt))) }
            return out
        }
    }

    /// The keys computed at answer time, left out of the kept encoding.
    private static let timeKeys = ["now", "countdown", "elapsed", "waiting"]

    private let snapshots = Mutex<[Snapshot]>([])
    /// The server's time now, seconds since 1970. Any thread.
    let now: @Sendable () -> Double
    private var subscribers: [Int: (String) -> Void] = [:]
    private var nextID = 0

    init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    /// Each show's state as it last published it, by name, its header read back from its text
    /// (without the answer-time keys). Any thread.
    var latest: [String: ShowState] {
        let list = snapshots.withLock { $0 }
        return Dictionary(list.map { snapshot in
            let header = (try? LuaJSON.decode(snapshot.header.utf8)).flatMap { value -> LuaTable? in
                if case .table(let t) = value { t } else { nil }
            } ?? LuaTable()
            return (snapshot.name, ShowState(header: header, steps: snapshot.steps))
        }, uniquingKeysWith: { $1 })
    }

    /// The step rows `show` last published, nil for a show that has not published. Any thread.
    func steps(of show: String) -> [StepRow]? {
        snapshots.withLock { list in list.first { $0.name == show }?.steps }
    }

    /// Sets a show's header, and the rows in `changed` (by 1-based index) of its `count` steps;
    /// the other rows stay as they were. The header and the changed rows are encoded here,
    /// before the lock, and the rows set in place: a publish costs what changed, not the show's
    /// length. Loop thread only.
    func publish(_ name: String, header: LuaTable, changed: LuaTable, count: Int) {
        var rows: [(Int, StepRow)] = []
        for (i, row) in changed.array.prefix(count).enumerated() where row != .nil { rows.append((i, StepRow(row))) }
        for (key, row) in changed.hash {
            if case .integer(let n) = key, n >= 1, n <= count { rows.append((Int(n) - 1, StepRow(row))) }
        }
        let (text, times) = (Self.encode(header), Times(header))
        snapshots.withLock { list in
            guard let k = list.firstIndex(where: { $0.name == name }) else {
                var steps = Array(repeating: StepRow.missing, count: count)
                for (i, row) in rows { steps[i] = row }
                list.append(Snapshot(name: name, header: text, steps: steps, times: times))
                return
            }
            if list[k].steps.count != count {
                list[k].steps = Array(list[k].steps.prefix(count)) + Array(repeating: .missing, count: max(0, count - list[k].steps.count))
            }
            for (i, row) in rows { list[k].steps[i] = row }
            list[k].header = text
            list[k].times = times
        }
    }

    /// Whether anyone receives the state (`notify`). Loop thread only.
    var hasSubscribers: Bool { !subscribers.isEmpty }

    /// Gives every subscriber the state as it is now. Loop thread only.
    func notify() {
        guard !subscribers.isEmpty else { return }
        let all = json
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(all) }
    }

    /// Every show's latest state as a JSON array, as of now: each part as kept, the answer-time
    /// fields added. Any thread; the show's thread never waits on it beyond taking the list.
    var json: String {
        let list = snapshots.withLock { $0 }
        let time = now()
        let stamped = list.map { snapshot in
            // The header's text ends with "}"; one with no key at all may read "[]".
            let header = snapshot.header.hasSuffix("}") ? snapshot.header.dropLast() : "{"
            let steps = "\"steps\":[" + snapshot.steps.map(\.json).joined(separator: ",") + "]"
            return header + (header == "{" ? "" : ",") + steps + snapshot.times.fields(now: time) + "}"
        }
        return "[" + stamped.joined(separator: ",") + "]"
    }

    /// The header without the keys computed at answer time.
    private static func encode(_ header: LuaTable) -> String {
        var t = header
        for key in timeKeys { t.hash.removeValue(forKey: .string(key)) }
        return LuaJSON.encode(.table(t))
    }

    /// Loop thread only. Ids are even, so that they never collide with `ShowReports`'s.
    func subscribe(_ body: @escaping (String) -> Void) -> Int {
        nextID += 2
        subscribers[nextID] = body
        return nextID
    }

    func unsubscribe(_ id: Int) { subscribers[id] = nil }
}
