/// A show's end of the hub: Lua's `showcall.channel` object. The show reads operator commands
/// from it, waits on it (it is a doorbell for `wait_any`), and reports state and events to it.
///
/// Each command is answered once, by the show, when it has decided what to do with it: obeyed,
/// or ignored and why. So an operator's GO during HOLD is answered "ignored: show is held", not
/// "ok", and the answer is the show's own, never a guess from a state that may be a turn old.
/// Commands still owed an answer when the show ends are answered as ignored then.
final class ShowChannel {
    let name: String
    unowned let hub: ShowHub
    let bell = Doorbell()
    private(set) var queue: [(id: Int, command: ShowCommand)] = []
    private(set) var finished = false
    /// The answers owed, by command id.
    private var owed: [Int: (ShowCommandRefusal?) -> Void] = [:]
    private var nextID = 0

    init(name: String, hub: ShowHub) {
        self.name = name
        self.hub = hub
    }

    func deliver(_ command: ShowCommand, reply: @escaping (ShowCommandRefusal?) -> Void) {
        nextID += 1
        owed[nextID] = reply
        queue.append((nextID, command))
        bell.ring()
    }

    func take() -> [(id: Int, command: ShowCommand)] {
        defer { queue = [] }
        return queue
    }

    /// The show's verdict on command `id`: obeyed (`ignored` nil) or ignored, and why. A
    /// second answer to the same command does nothing.
    /// The answer goes once the loop has caught up (`onceCaughtUp`), after the journal's writer
    /// is woken for what the command set off.
    func answer(_ id: Int, ignored: String?) {
        guard let reply = owed.removeValue(forKey: id) else { return }
        hub.onceCaughtUp { reply(ignored.map { ShowCommandRefusal(reason: .ignored, description: $0) }) }
    }

    /// The show has ended: its name may be used again, and what it never answered is ignored.
    func finish() {
        finished = true
        for id in owed.keys.sorted() { answer(id, ignored: "the show has ended") }
        queue = []
    }
}
