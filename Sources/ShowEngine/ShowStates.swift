import LuaHost
import Synchronization

/// The latest state each show published, for `GET /state`, the event streams and the terminal
/// display. Kept as data and encoded to JSON once per change, and only when something reads it:
/// a hundred shows publishing at every event cost no encoding at all with no viewer, and one
/// encoding per change however many viewers there are.
final class ShowStates: @unchecked Sendable {
    private struct Snapshot: Sendable {
        let name: String
        var state: LuaValue
        var json: String?
    }

    private let snapshots = Mutex<[Snapshot]>([])
    /// Loop thread only.
    private(set) var latest: [String: LuaTable] = [:]
    private var subscribers: [Int: (String) -> Void] = [:]
    private var nextID = 0

    /// Loop thread only.
    func publish(_ name: String, state: LuaValue) {
        if case .table(let t) = state { latest[name] = t }
        snapshots.withLock { list in
            if let i = list.firstIndex(where: { $0.name == name }) {
                list[i].state = state
                list[i].json = nil
            } else {
                list.append(Snapshot(name: name, state: state, json: nil))
            }
        }
        guard !subscribers.isEmpty else { return }
        let all = json
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(all) }
    }

    /// Every show's latest state as a JSON array, each show encoded once since it changed. Any
    /// thread; the encoding happens outside the lock, so the show's thread never waits on it.
    var json: String {
        let list = snapshots.withLock { $0 }
        let encoded = list.map { $0.json ?? LuaJSON.encode($0.state) }
        snapshots.withLock { now in
            for (i, s) in list.enumerated() where s.json == nil {
                // Kept only if the show has not published again meanwhile.
                if let j = now.firstIndex(where: { $0.name == s.name }), now[j].json == nil, now[j].state == s.state { now[j].json = encoded[i] }
            }
        }
        return "[" + encoded.joined(separator: ",") + "]"
    }

    /// Loop thread only. Ids are even, so that they never collide with `ShowReports`'s.
    func subscribe(_ body: @escaping (String) -> Void) -> Int {
        nextID += 2
        subscribers[nextID] = body
        return nextID
    }

    func unsubscribe(_ id: Int) { subscribers[id] = nil }
}
