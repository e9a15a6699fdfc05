import LuaHost

/// A script's handle on a task it spawned: its status, its results, a way to wait for it
/// and a way to cancel it. Lua sees it as a `showcall.task` userdata.
public final class TaskHandle {
    public let name: String
    private var function: LuaFunction?
    private var args: [any LuaPushable]
    public private(set) var task: LuaTask?
    /// The error the task ended with when it was cancelled before it started.
    private var cancelledBeforeStart: (any Error)?
    /// Called once the task ends; waiters register here.
    private var waiters: [Int: () -> Void] = [:]
    private var nextWaiter = 0
    /// Told when the task fails with nobody waiting for it, so the error is not lost.
    private var unobserved: ((TaskHandle) -> Void)?

    /// The spawning task's label, which the task inherits when it starts.
    private let label: String?

    init(name: String, function: LuaFunction, args: [any LuaPushable] = [], label: String? = nil) {
        self.name = name
        self.function = function
        self.args = args
        self.label = label
    }

    public var isDone: Bool { cancelledBeforeStart != nil || (task?.isDone ?? false) }

    /// "pending", "running", "waiting", "done" or "failed".
    public var statusName: String {
        if cancelledBeforeStart != nil { return "failed" }
        switch task?.status {
        case nil, .ready: return "pending"
        case .running: return "running"
        case .awaiting: return "waiting"
        case .finished: return "done"
        case .failed: return "failed"
        }
    }

    /// The error the task failed with, as Lua should see it raised again.
    public var failure: (any Error)? {
        if let cancelledBeforeStart { return cancelledBeforeStart }
        return task?.error
    }

    public var results: [LuaValue] { task?.results ?? [] }

    func start(on scheduler: Scheduler, observed: Bool = false) throws {
        guard let function, cancelledBeforeStart == nil else { return }
        self.function = nil
        unobserved = observed ? nil : scheduler.unobservedFailure
        let task = try scheduler.state.spawn(function, args: args, name: name, label: label)
        args = []
        self.task = task
        // The running task holds its handle until it ends (`onCompletion` is dropped then): a
        // script may drop the handle (`sc.spawn(f)` and forget it), and the task still runs to
        // its end and reports a failure nobody waits for.
        if task.isDone { finished() } else { task.onCompletion = { _ in self.finished() } }
    }

    /// Cancels the task: raises `error` where it waits, so its cleanup runs. A task not started
    /// yet never starts. Does nothing to a task that has ended.
    public func cancel(with error: any Error) {
        guard !isDone else { return }
        if let task {
            task.cancel(with: error)
        } else {
            cancelledBeforeStart = error
            function = nil
            finished()
        }
    }

    /// Runs `body` once the task ends (at once if it has). Returns an id for `removeWaiter`.
    @discardableResult
    public func whenDone(_ body: @escaping () -> Void) -> Int {
        if isDone {
            body()
            return -1
        }
        nextWaiter += 1
        waiters[nextWaiter] = body
        return nextWaiter
    }

    func removeWaiter(_ id: Int) {
        waiters[id] = nil
    }

    private func finished() {
        let all = waiters.sorted { $0.key < $1.key }.map(\.value)
        waiters = [:]
        if all.isEmpty, task?.status == .failed, !(task?.error?.underlying is Cancelled) { unobserved?(self) }
        unobserved = nil
        for body in all { body() }
    }
}

/// The error a cancelled task sees at the point where it waits.
public struct Cancelled: Error, CustomStringConvertible, LuaErrorFields {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "cancelled: \(reason)" }
    public var luaFields: [String: LuaValue] { ["cancelled": true, "reason": .string(reason)] }
}
