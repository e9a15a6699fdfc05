import LuaShim

/// A coroutine the host runs: anchored in the registry from spawn to its end, resumed only
/// by the run loop. To the script it is top level: `coroutine.running()` answers the main
/// thread and `coroutine.yield` fails as it does there, while awaits suspend it.
public final class LuaTask {
    public enum Status: Sendable, Equatable { case ready, running, awaiting, finished, failed }

    public let name: String
    public private(set) var status: Status = .ready
    /// The error the task ended with, when it failed.
    public private(set) var error: LuaError?
    /// The task's results, when it finished (non-data results read as nil).
    public private(set) var results: [LuaValue] = []
    /// Called on the loop thread when the task finishes or fails, then dropped.
    public var onCompletion: ((LuaTask) -> Void)?
    /// What the host attributes the task's work to (the engine: the show it runs for). A task
    /// spawned from another starts with its parent's.
    public var label: String?

    unowned let state: LuaState
    private(set) var thread: OpaquePointer?
    private var anchor: Int32 = LUA_NOREF
    /// The continuation the task waits on (or is about to), the only one allowed to resume it.
    var pending: LuaContinuation?

    init(state: LuaState, name: String) {
        self.state = state
        self.name = name
    }

    public var isDone: Bool { status == .finished || status == .failed }

    /// Starts the task: the function and arguments are on top of the main stack.
    func start(nargs: Int32) {
        let L = state.L
        let co = lua_newthread(L)!
        anchor = luaL_ref(L, shim_registryindex())
        thread = co
        lua_xmove(L, co, nargs + 1)
        resume(nargs: nargs)
    }

    /// Resumes with n values already pushed on the coroutine's stack.
    func resume(nargs: Int32) {
        guard let co = thread else { return }
        status = .running
        let previous = state.currentTask
        state.currentTask = self
        var nresults: Int32 = 0
        let result = shim_resume(co, state.L, nargs, &nresults)
        state.currentTask = previous
        switch result {
        case LUA_YIELD where nresults == 1 && shim_isawaitmarker(co, -1) != 0:
            shim_pop(co, 1)
            status = .awaiting
        case LUA_YIELD:
            shim_pop(co, nresults)
            fail(LuaError(kind: .runtime, message: "attempt to yield from outside a coroutine"))
        case LUA_OK:
            let s = LuaStack(co)
            results = (1 ..< nresults + 1).map { (try? s.value(at: -nresults - 1 + $0)) ?? .nil }
            finish(.finished)
        default:
            // Out of memory skips the message handler, so the error names no line: take it here.
            var location = ""
            if result == LUA_ERRMEM {
                shim_pushcowhere(state.L, co)
                location = state.stack.string(at: -1) ?? ""
                state.stack.pop()
            }
            shim_pushcotraceback(state.L, co)
            let traceback = state.stack.string(at: -1) ?? ""
            state.stack.pop()
            error = state.popError(status: result, traceback: traceback, on: state.stack, location: location)
            _ = shim_closethread(co, state.L)
            finish(.failed)
        }
    }

    private func fail(_ error: LuaError) {
        self.error = error
        finish(.failed)
    }

    private func finish(_ final: Status) {
        status = final
        pending = nil
        thread = nil
        luaL_unref(state.L, shim_registryindex(), anchor)
        anchor = LUA_NOREF
        // Called once and let go: what it captured (a handle holding this task) is free to go too.
        let completion = onCompletion
        onCompletion = nil
        completion?(self)
    }

    /// Cancels the await the task is suspended in: the await's `onCancel` runs now, and the task
    /// resumes from the loop with `error` raised at the await, so its cleanup (`pcall`
    /// handlers, to-be-closed variables) runs. Does nothing unless the task is awaiting.
    public func cancel(with error: any Error) {
        guard status == .awaiting || status == .running, let continuation = pending, !continuation.cancelled else { return }
        continuation.cancelled = true
        continuation.onCancel?()
        continuation.onCancel = nil
        state.loop.enqueue(continuation, .cancel(error))
    }

    /// Resumes the awaiting task with the outcome of its await.
    func deliver(_ resumption: Resumption, from continuation: LuaContinuation) {
        guard status == .awaiting, let co = thread else { return }
        let s = LuaStack(co)
        let base = s.top // the suspended function's own values stay below what we push
        var n: Int32 = 1
        do {
            switch resumption {
            case .values(let values):
                try s.reserve(Int32(clamping: values.count + 1))
                s.push(true)
                for v in values { try s.push(v) }
                n += Int32(values.count)
            case .push(let body):
                try s.reserve(1)
                s.push(true)
                n += try body(s)
            case .error(let error), .cancel(let error):
                throw error
            }
        } catch {
            s.setTop(base)
            s.push(false)
            LuaState.pushError(error, on: s, location: continuation.location())
            n = 2
        }
        resume(nargs: n)
    }
}

/// The way back into a suspended coroutine. Resume it once, from any thread, with results
/// or an error; a continuation whose coroutine has since moved on (cancelled, or the await
/// could not reach the host) is ignored.
public final class LuaContinuation: @unchecked Sendable {
    private weak var task: LuaTask?
    private let loop: LuaRunLoop
    /// The thread that called the awaiting binding: the task's own, or one of the script's
    /// coroutines nested in it. Alive while the await is pending (its resumers hold it).
    private let caller: OpaquePointer
    fileprivate var cancelled = false
    /// Runs on the loop's thread if the task is cancelled while waiting here: stop the work.
    public var onCancel: (() -> Void)?

    init(task: LuaTask, loop: LuaRunLoop, caller: OpaquePointer) {
        self.task = task
        self.loop = loop
        self.caller = caller
    }

    /// `chunk:line:` of the Lua code that made the awaiting call, for an error raised there.
    fileprivate func location() -> String {
        let s = LuaStack(caller)
        shim_where(caller, 1)
        defer { s.pop() }
        return s.string(at: -1) ?? ""
    }

    public func resume(returning values: [LuaValue] = []) {
        schedule(.values(values)) { [self] in resume(returning: values) }
    }

    public func resume(throwing error: any Error) {
        schedule(.error(error)) { [self] in resume(throwing: error) }
    }

    /// Resumes with values pushed by `body` (which returns how many), for results that are not
    /// plain data (objects, functions). Call on the loop's thread only.
    public func resume(pushing body: @escaping (LuaStack) throws -> Int32) {
        precondition(loop.isOwnerThread, "resume(pushing:) must be called on the Lua state's thread")
        loop.enqueue(self, .push(body))
    }

    private func schedule(_ resumption: Resumption, elsewhere: @escaping @Sendable () -> Void) {
        if loop.isOwnerThread { loop.enqueue(self, resumption) } else { loop.post(elsewhere) }
    }

    /// Called by the loop: resumes the task if this is still the await it is waiting on.
    func deliver(_ resumption: Resumption) {
        guard let task, task.pending === self else { return }
        if cancelled, case .cancel = resumption {} else if cancelled { return }
        task.pending = nil
        onCancel = nil
        task.deliver(resumption, from: self)
    }
}

extension LuaState {
    /// Starts `function(args...)` as a task. It runs until its first await before this returns.
    @discardableResult
    public func spawn(_ function: LuaFunction, args: [any LuaPushable] = [], name: String = "task", label: String? = nil) throws -> LuaTask {
        let s = stack
        try s.reserve(Int32(clamping: args.count + 1))
        function.push(onto: s)
        for arg in args { try arg.push(onto: s) }
        let task = LuaTask(state: self, name: name)
        task.label = label
        task.start(nargs: Int32(args.count))
        return task
    }

    /// Called by an awaiting binding: the continuation for the coroutine running it.
    func suspend(_ L: OpaquePointer, name: String) throws -> LuaContinuation {
        guard lua_isyieldable(L) != 0, let task = currentTask else { throw LuaHostError.cannotAwait(name) }
        let continuation = LuaContinuation(task: task, loop: loop, caller: L)
        task.pending = continuation
        return continuation
    }
}
