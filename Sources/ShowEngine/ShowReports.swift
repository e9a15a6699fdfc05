import LuaHost

/// Who hears the shows' events, and the last platform calls reported, for a viewer who arrives
/// later. Loop thread only.
final class ShowReports {
    private var subscribers: [Int: (ShowEvent) -> Void] = [:]
    private var nextID = -1
    private var calls: [ShowEvent] = []
    /// A show's watch reads its outputs every few seconds: a late viewer gets the latest read
    /// of each output, and the watch cannot push the show's own calls out of `calls`.
    private var reads: [String: ShowEvent] = [:]
    /// How many reported calls a late viewer gets.
    static let kept = 20

    /// What a late viewer gets, oldest first.
    var recent: [ShowEvent] { (calls + reads.values).sorted { $0.time < $1.time } }

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
        if fields["watch"] == .boolean(true), let output = fields.string("output") {
            reads[output] = event
        } else {
            calls.append(event)
            if calls.count > Self.kept { calls.removeFirst(calls.count - Self.kept) }
        }
        emit(event)
    }

    func emit(_ event: ShowEvent) {
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(event) }
    }
}
