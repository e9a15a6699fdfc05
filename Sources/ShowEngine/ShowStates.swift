import LuaHost
import Synchronization

/// The latest state each show published, for `GET /state`, the event streams and the terminal
/// display. Kept as data and encoded to JSON once per change, and only when something reads it:
/// a hundred shows publishing at every event cost no encoding at all with no viewer, and one
/// encoding per change however many viewers there are.
///
/// What depends on the time of reading is not in that encoding but added to each answer, from
/// the clock at that moment: `now` (the server's time, which a client sets its clock by), and
/// `countdown`, `elapsed` and `waiting` (how long a cue has waited for GO). A state published
/// 20 s ago answers with a countdown 20 s shorter, not the one it had then.
final class ShowStates: @unchecked Sendable {
    private struct Snapshot: Sendable {
        let name: String
        var state: LuaValue
        var json: String?
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

        init(_ state: LuaValue) {
            clock = state.field("clock").number
            nextAt = state.field("next_at").number
            cuedAt = state.field("cued_at").number
            elapsed = state.field("elapsed").number
            running = state.field("status").text == "running"
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

    /// The keys computed at answer time, left out of the cached encoding.
    private static let timeKeys = ["now", "countdown", "elapsed", "waiting"]

    private let snapshots = Mutex<[Snapshot]>([])
    /// The server's time now, seconds since 1970. Any thread.
    let now: @Sendable () -> Double
    /// Loop thread only.
    private(set) var latest: [String: LuaTable] = [:]
    private var subscribers: [Int: (String) -> Void] = [:]
    private var nextID = 0

    init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    /// Loop thread only.
    func publish(_ name: String, state: LuaValue) {
        if case .table(let t) = state { latest[name] = t }
        snapshots.withLock { list in
            if let i = list.firstIndex(where: { $0.name == name }) {
                list[i].state = state
                list[i].json = nil
                list[i].times = Times(state)
            } else {
                list.append(Snapshot(name: name, state: state, json: nil, times: Times(state)))
            }
        }
        guard !subscribers.isEmpty else { return }
        let all = json
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(all) }
    }

    /// Every show's latest state as a JSON array, as of now: each show encoded once since it
    /// changed, then the answer-time fields added. Any thread; the encoding happens outside
    /// the lock, so the show's thread never waits on it.
    var json: String {
        let list = snapshots.withLock { $0 }
        let encoded = list.map { $0.json ?? Self.encode($0.state) }
        snapshots.withLock { now in
            for (i, s) in list.enumerated() where s.json == nil {
                // Kept only if the show has not published again meanwhile.
                if let j = now.firstIndex(where: { $0.name == s.name }), now[j].json == nil, now[j].state == s.state { now[j].json = encoded[i] }
            }
        }
        let time = now()
        let stamped = zip(list, encoded).map { snapshot, text in
            // An object's text ends with "}"; one with no other key is "{}".
            guard text.hasSuffix("}") else { return text }
            let fields = snapshot.times.fields(now: time)
            return text.dropLast() + (text == "{}" ? String(fields.dropFirst()) : fields) + "}"
        }
        return "[" + stamped.joined(separator: ",") + "]"
    }

    /// The state without the keys computed at answer time.
    private static func encode(_ state: LuaValue) -> String {
        guard case .table(var t) = state else { return LuaJSON.encode(state) }
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
