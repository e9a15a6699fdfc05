import LuaHost
import Synchronization

/// An operator command for a running show.
public enum ShowCommand: Sendable, Equatable {
    case go, hold, resume, skip, abort
    case jump(String)

    public var name: String {
        switch self {
        case .go: "go"
        case .hold: "hold"
        case .resume: "resume"
        case .skip: "skip"
        case .abort: "abort"
        case .jump: "jump"
        }
    }

    /// Parses "go", "hold", "resume", "skip", "abort" or "jump" with a step name.
    public init?(name: String, step: String? = nil) {
        switch name {
        case "go": self = .go
        case "hold": self = .hold
        case "resume": self = .resume
        case "skip": self = .skip
        case "abort": self = .abort
        case "jump":
            guard let step, !step.isEmpty else { return nil }
            self = .jump(step)
        default: return nil
        }
    }
}

/// Why a command was not delivered.
public struct ShowCommandRefusal: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        /// No show is running, or none by the name given.
        case noShow
        /// A JUMP to a step the show does not have: the command itself is wrong.
        case unknownStep
    }

    public let reason: Reason
    public let description: String
}

/// One thing that happened in a show, as the show reported it.
public struct ShowEvent: Sendable {
    /// "show_started", "step_started", "step_done", "hold"... (the `type` field).
    public let type: String
    /// A line for people.
    public let text: String
    /// Wall time, seconds since 1970.
    public let time: Double
    /// The whole event as a JSON object.
    public let json: String

    /// The type of the events that report a platform call, for the control page: logs and
    /// displays leave them out (the show's own action events say what a step did).
    public static let platformCall = "platform_call"
}

/// The running shows of one engine: where operator commands go in and events and state come out.
/// Commands and subscriptions are thread-safe; delivery to Lua happens on the loop thread.
public final class ShowHub: @unchecked Sendable {
    private let loop: LuaRunLoop
    /// Loop thread only.
    let record: RunRecord
    private let work: OutsideWork
    /// Shows by name, in the order they started (loop thread only).
    private var channels: [ShowChannel] = []
    private let snapshots = Mutex<[(name: String, json: String)]>([])
    /// Loop thread only.
    private var subscribers: [Int: (ShowEvent) -> Void] = [:]
    private var stateSubscribers: [Int: (String) -> Void] = [:]
    /// The last reported events (platform calls), for a viewer who arrives later. Loop thread only.
    public private(set) var recentReports: [ShowEvent] = []
    private var nextSubscriber = 0

    init(loop: LuaRunLoop, record: RunRecord, work: OutsideWork) {
        self.loop = loop
        self.record = record
        self.work = work
    }

    /// Receives every event. Call on the loop thread; `body` runs there. Returns an id for `unsubscribe`.
    @discardableResult
    public func subscribe(_ body: @escaping (ShowEvent) -> Void) -> Int {
        nextSubscriber += 1
        subscribers[nextSubscriber] = body
        return nextSubscriber
    }

    /// Receives `stateJSON` each time a show publishes its state. Call on the loop thread;
    /// `body` runs there. Returns an id for `unsubscribe`.
    @discardableResult
    public func subscribeState(_ body: @escaping (String) -> Void) -> Int {
        nextSubscriber += 1
        stateSubscribers[nextSubscriber] = body
        return nextSubscriber
    }

    /// Call on the loop thread.
    public func unsubscribe(_ id: Int) {
        subscribers[id] = nil
        stateSubscribers[id] = nil
    }

    /// Reports something that happened outside the shows' own narrative (a platform call) to
    /// the subscribers: `fields` become the event's JSON, with `type`, `text` and `time`.
    /// Loop thread only.
    public func report(_ type: String, text: String, time: Double, fields: LuaTable) {
        var all = fields
        all["type"] = .string(type)
        all["text"] = .string(text)
        all["time"] = .number(time)
        let event = ShowEvent(type: type, text: text, time: time, json: JSON.encode(.table(all)))
        recentReports.append(event)
        if recentReports.count > 20 { recentReports.removeFirst(recentReports.count - 20) }
        emit(event)
    }

    /// Runs `body` on the loop thread. Any thread.
    public func onLoop(_ body: @escaping @Sendable () -> Void) {
        loop.post(body)
    }

    /// The latest state of every show, as a JSON array. Any thread.
    public var stateJSON: String {
        "[" + snapshots.withLock { $0.map(\.json) }.joined(separator: ",") + "]"
    }

    /// Sends a command to a show (the first one running if `show` is nil), from any thread.
    /// `reply` gets nil once delivered, or why it could not be: a JUMP to a step the show does
    /// not have is refused here, for every sender alike.
    public func send(_ command: ShowCommand, to show: String? = nil,
                     reply: @escaping @Sendable (ShowCommandRefusal?) -> Void) {
        loop.post { [self] in
            let target = show.map { name in channels.first { $0.name == name } } ?? channels.first { !$0.finished }
            guard let target else {
                reply(ShowCommandRefusal(reason: .noShow, description: show.map { "no show named '\($0)'" } ?? "no show is running"))
                return
            }
            if case .jump(let step) = command, let steps = stepNames(of: target.name), !steps.contains(step) {
                reply(ShowCommandRefusal(reason: .unknownStep,
                                         description: "no step named '\(step)' (steps: \(steps.joined(separator: ", ")))"))
                return
            }
            var entry = LuaTable(["type": "command", "show": .string(target.name), "command": .string(command.name)])
            if case .jump(let step) = command { entry["step"] = .string(step) }
            record.journal?.append(entry)
            target.deliver(command)
            reply(nil)
        }
    }

    /// The step names of a show as it last published them.
    private func stepNames(of show: String) -> [String]? {
        guard case .table(let steps)? = latest[show]?["steps"] else { return nil }
        return steps.array.compactMap { $0.field("name").text }
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

    /// The latest state of each show, by name (loop thread only).
    public private(set) var latest: [String: LuaTable] = [:]

    func publish(_ name: String, state: LuaValue) {
        if case .table(let t) = state { latest[name] = t }
        let json = JSON.encode(state)
        snapshots.withLock { list in
            if let i = list.firstIndex(where: { $0.name == name }) { list[i].json = json } else { list.append((name, json)) }
        }
        guard !stateSubscribers.isEmpty else { return }
        let all = stateJSON
        for (_, body) in stateSubscribers.sorted(by: { $0.key < $1.key }) { body(all) }
    }

    /// Journals `entry` for the show calling, and suspends it until the entry is on disk:
    /// what a show journals (a step started, a step done) must survive a crash before the show
    /// acts on it. Without a journal, or where the caller cannot wait, it returns at once.
    func journal(_ entry: LuaTable, _ call: LuaCall) throws -> LuaReturn {
        guard let journal = record.journal else { return .none }
        record.note(entry, state: call.state)
        guard call.canYield else {
            journal.append(entry)
            return .none
        }
        let loop = loop, work = work
        return try call.await { continuation in
            work.begin()
            journal.append(entry) {
                loop.post {
                    work.endOnLoop()
                    continuation.resume()
                }
            }
        }
    }

    func emit(_ event: ShowEvent) {
        for (_, body) in subscribers.sorted(by: { $0.key < $1.key }) { body(event) }
    }
}

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
