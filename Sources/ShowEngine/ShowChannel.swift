/// A show's end of the hub: Lua's `showcall.channel` object. The show reads operator commands
/// from it, waits on it (it is a doorbell for `wait_any`), and reports state and events to it.
final class ShowChannel {
    let name: String
    unowned let hub: ShowHub
    let bell = Doorbell()
    private(set) var queue: [ShowCommand] = []
    var finished = false

    init(name: String, hub: ShowHub) {
        self.name = name
        self.hub = hub
    }

    func deliver(_ command: ShowCommand) {
        queue.append(command)
        bell.ring()
    }

    func take() -> [ShowCommand] {
        defer { queue = [] }
        return queue
    }
}
