import LuaHost

/// The running shows of one engine: where operator commands go in and events and state come out.
/// Commands and subscriptions are thread-safe; delivery to Lua happens on the loop thread. The
/// shows' state lives in `ShowStates`, their events' subscribers in `ShowReports`.
public final class ShowHub: @unchecked Sendable {
    private let loop: LuaRunLoop
    /// Loop thread only.
    let record: RunRecord
    /// Shows by name, in the order they started (loop thread only).
    private var channels: [ShowChannel] = []
    let states: ShowStates
    let reports = ShowReports()

    /// `now` is the server's time, seconds since 1970, readable from any thread: what every
    /// snapshot and tick of the state carries, for clients to set their clocks by.
    init(loop: LuaRunLoop, record: RunRecord, now: @escaping @Sendable () -> Double) {
        self.loop = loop
        self.record = record
        states = ShowStates(now: now)
    }

    /// The server's time now, seconds since 1970. Any thread.
    public var now: Double { states.now() }

    /// Receives every event. Call on the loop thread; `body` runs there. Returns an id for `unsubscribe`.
    @discardableResult
    public func subscribe(_ body: @escaping (ShowEvent) -> Void) -> Int { reports.subscribe(body) }

    /// Receives `stateJSON` after shows publish their state, once the loop has caught up (one
    /// call for all a turn published). Call on the loop thread; `body` runs there. Returns an id
    /// for `unsubscribe`.
    @discardableResult
    public func subscribeState(_ body: @escaping (String) -> Void) -> Int { states.subscribe(body) }

    /// Call on the loop thread.
    public func unsubscribe(_ id: Int) {
        reports.unsubscribe(id)
        states.unsubscribe(id)
    }

    /// Reports something that happened outside the shows' own narrative (a platform call) to
    /// the subscribers: `fields` become the event's JSON, with `type`, `text` and `time`.
    /// Loop thread only.
    public func report(_ type: String, text: String, time: Double, fields: LuaTable) {
        reports.report(type, text: text, time: time, fields: fields)
    }

    /// The last reported events (platform calls), for a viewer who arrives later. Loop thread only.
    public var recentReports: [ShowEvent] { reports.recent }

    /// The latest state of each show, by name. Any thread.
    public var latest: [String: ShowState] { states.latest }

    /// Runs `body` when the loop has next caught up, before what tells other threads
    /// (`onceCaughtUp`): a show's state published there is in place before its command's answer
    /// goes (`LuaRunLoop.onceCaughtUpFirst`). At once outside a turn. Loop thread only.
    func onceCaughtUpFirst(_ body: @escaping () -> Void) {
        loop.onceCaughtUpFirst(body)
    }

    /// Runs `body` once the loop has caught up (`LuaRunLoop.onceCaughtUp`): for what wakes
    /// another thread, such as sending an event to a client. Loop thread only.
    public func onceCaughtUp(_ body: @escaping () -> Void) {
        loop.onceCaughtUp(body)
    }

    /// Runs `body` on the loop thread. Any thread.
    public func onLoop(_ body: @escaping @Sendable () -> Void) {
        loop.post(body)
    }

    /// The latest state of every show, as a JSON array. Any thread.
    public var stateJSON: String { states.json }

    /// Sends a command to a show (the first one running if `show` is nil), from any thread.
    /// `reply` gets nil once the show has obeyed it, or why not: a JUMP to a step the show does
    /// not have is refused here, for every sender alike; a command the show ignores (GO during
    /// HOLD) is answered `.ignored` by the show itself, when it takes the command.
    public func send(_ command: ShowCommand, to show: String? = nil,
                     reply: @escaping @Sendable (ShowCommandRefusal?) -> Void) {
        loop.post { [self] in
            let target = show.map { name in channels.first { $0.name == name } } ?? channels.first { !$0.finished }
            guard let target else {
                reply(ShowCommandRefusal(reason: .noShow, description: show.map { "no show named '\($0)'" } ?? "no show is running"))
                return
            }
            if target.finished {
                reply(ShowCommandRefusal(reason: .ignored, description: "the show has ended"))
                return
            }
            var command = command
            if let name = command.step, let steps = stepNames(of: target.name) {
                // Swift compares names as Unicode does ("ü" written as u + U+0308 is "ü"), the
                // show's Lua byte by byte: the show gets, and the journal keeps, its own spelling.
                guard let own = steps.first(where: { $0 == name }) else {
                    reply(ShowCommandRefusal(reason: .unknownStep,
                                             description: "no step named '\(name)' (steps: \(steps.joined(separator: ", ")))"))
                    return
                }
                command = .jump(own)
            }
            record.journal?.append(.command(show: target.name, command: command.name, step: command.step))
            target.deliver(command, reply: reply)
        }
    }

    /// The step names of a show as it last published them.
    private func stepNames(of show: String) -> [String]? {
        states.steps(of: show)?.map(\.name)
    }

    // MARK: from the shows (loop thread)

    func open(_ name: String) throws -> ShowChannel {
        if channels.contains(where: { $0.name == name && !$0.finished }) {
            throw ShowError("a show named '\(name)' is already running")
        }
        channels.removeAll { $0.name == name }
        let channel = ShowChannel(name: name, hub: self)
        channels.append(channel)
        return channel
    }

    /// The subscribers get the state once the loop has caught up, however many publishes the
    /// turn made (a GO makes several): one encoding of every show and one send to each.
    func publish(_ name: String, header: LuaTable, changed: LuaTable, count: Int) {
        states.publish(name, header: header, changed: changed, count: count)
        guard states.hasSubscribers, !stateOwed else { return }
        stateOwed = true
        loop.onceCaughtUp { [self] in
            stateOwed = false
            states.notify()
        }
    }

    /// A notification of the state waits for the loop to catch up (loop thread only).
    private var stateOwed = false

    func emit(_ event: ShowEvent) { reports.emit(event) }

    /// Journals `entry` for the show calling, in order, without waiting for the disk: it needs
    /// its order, not a flush of its own (the rule is `Journal`'s).
    /// The task belongs to its show from then on, journal or not (its calls are the show's
    /// outputs, `OutputWatch`).
    func journal(_ entry: JournalEntry, _ call: LuaCall) {
        record.note(entry, state: call.state)
        record.journal?.append(entry)
    }
}
