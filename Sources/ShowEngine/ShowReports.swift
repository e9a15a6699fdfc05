import LuaHost

/// Who hears the shows' events, and the last platform calls reported, for a viewer who arrives
/// later. Loop thread only.
final class ShowReports {
    private var subscribers: [Int: (ShowEvent) -> Void] = [:]
    private var nextID = -1
    private(set) var recent: [ShowEvent] = []
    /// How many reported calls a late viewer gets.
    static let kept = 20

    /// Ids are odd, so that they never collide with `ShowStates`'s.
    func subscribe(_ body: @escaping (ShowEvent) -> Void) -> Int {
        nextID += 2
        subscribers[nextID] = body
        return nextID
    }

    func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// An event from outside the shows' own narrative (a platform call): `fields` become its
    /// JSON, with `type`, `text` and `time`.
    func report(_ type: String, text: String, time: Double, fields: LuaTable) {
        var all = fields
        all["type"] = .string(type)
        all["text"] = .string(text)
        all["time"] = .number(time)
        let event = ShowEvent(type: type, text: text, time: time, json: LuaJSON.encode(.table(all)))
        recent.append(event)
        if recent.count > Self.kept { recent.removeFirst(recent.count - Self.kept) }
        emit(event)
    }

    func emit(_ event: ShowEvent) {
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(event) }
    }
}
