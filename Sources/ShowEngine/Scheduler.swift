import LuaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Owns a Lua state and runs its coroutines on one thread: timers from a heap keyed by
/// deadline, jobs other threads post, tasks spawned by scripts. Nothing here blocks a
/// coroutine; everything that waits suspends it and is resumed from the top-level loop.
public final class Scheduler {
    public let state: LuaState
    public let clock: any ShowClock
    private var timers = TimerHeap()
    /// Tasks spawned from inside a running coroutine start here, at top level, so resumes never nest.
    private var starting: [TaskHandle] = []
    private var startHead = 0
    /// Work that may post back to the loop (an HTTP call): while any is outstanding, virtual
    /// time does not jump.
    public let outsideWork: OutsideWork
    /// Whether something outside may send commands (a control server, a terminal): if not, a
    /// real-clock loop with nothing to wait for is stuck rather than waiting for an operator.
    public var operatorsListening = false

    /// The real clock sleeps until this close to a deadline, then yields the CPU until it: a
    /// timed wait on Linux wakes up to a few hundred microseconds late, a yield loop a few.
    /// (Measured with `bench-engine --spin-us`: 200 µs and 1 ms gave the same p99.)
    public var spinMargin: UInt64 = 250_000

    public init(state: LuaState, clock: any ShowClock) {
        self.state = state
        self.clock = clock
        outsideWork = OutsideWork(loop: state.loop)
    }

    // MARK: timers and outside work

    /// Calls `fire` on the loop thread at `deadline` (a monotonic instant). Returns a cancel id.
    @discardableResult
    public func addTimer(at deadline: UInt64, _ fire: @escaping () -> Void) -> UInt64 {
        timers.add(deadline: deadline, fire: fire)
    }

    public func cancelTimer(_ id: UInt64) {
        timers.cancel(id)
    }

    /// The instant `ns` nanoseconds from now, or an error where the show clock would run past
    /// its end (a rehearsal sleeping centuries of virtual time) instead of overflowing.
    public func deadline(after ns: UInt64) throws -> UInt64 {
        let (at, overflow) = clock.now.addingReportingOverflow(ns)
        guard !overflow, at < UInt64.max / 2 else {
            throw ShowError("the show clock would run past its end (\(ns / 1_000_000_000) s from now)")
        }
        return at
    }

    /// How far ahead a wall-clock timer is armed before the wall clock is read again.
    static let wallCheck: UInt64 = 30_000_000_000

    /// Calls `fire` once the wall clock reads `wall` (seconds since 1970). The timer is armed on
    /// the monotonic clock at most 30 s ahead and re-checks the wall clock then, so a clock
    /// time follows a step of the wall clock (an NTP correction) instead of drifting with it.
    /// Returns a function that cancels it.
    public func addWallTimer(atWall wall: Double, _ fire: @escaping () -> Void) -> () -> Void {
        var id: UInt64 = 0
        func arm() {
            let target = clock.instant(atWall: wall)
            let now = clock.now
            if target <= now || target - now <= Self.wallCheck {
                id = addTimer(at: target) { [unowned self] in
                    if clock.wallNow + 1e-6 < wall { arm() } else { fire() }
                }
            } else {
                id = addTimer(at: now + Self.wallCheck) { arm() }
            }
        }
        arm()
        return { [unowned self] in cancelTimer(id) }
    }

    // MARK: tasks

    /// Queues `function` to start as a task at the next turn of the loop.
    func enqueueStart(_ handle: TaskHandle) {
        starting.append(handle)
    }

    /// Starts a task now (from top level: the loop, or before it runs). An `observed` task's
    /// failure is its caller's to report (the main chunk's is), so it is not logged as unobserved.
    @discardableResult
    public func spawn(_ function: LuaFunction, args: [any LuaPushable] = [], name: String,
                      observed: Bool = false) throws -> TaskHandle {
        let handle = TaskHandle(name: name, function: function, args: args)
        try handle.start(on: self, observed: observed)
        return handle
    }

    /// Called when a task fails while nobody waits for it (a `spawn` never joined).
    public var unobservedFailure: ((TaskHandle) -> Void)?

    private func startQueued() -> Bool {
        guard startHead < starting.count else { return false }
        while startHead < starting.count {
            let handle = starting[startHead]
            startHead += 1
            do { try handle.start(on: self) } catch { handle.cancel(with: error) }
        }
        starting.removeAll(keepingCapacity: true)
        startHead = 0
        return true
    }

    // MARK: the loop

    /// Nothing can wake the script: every task waits, no timer is armed, no outside work runs.
    public struct Stalled: Error, CustomStringConvertible {
        public var description: String {
            "the show is stuck: every task is waiting and nothing can wake it (no timer, no operator, no outside work)"
        }
    }

    /// Runs until `done` is true. On the virtual clock, when every task waits on time, time
    /// jumps to the next deadline; with nothing left to wait for it throws `Stalled`.
    public func run(until done: () -> Bool) throws {
        let loop = state.loop
        try loop.turn { try run(loop, until: done) }
    }

    private func run(_ loop: LuaRunLoop, until done: () -> Bool) throws {
        while !done() {
            // `runPending` checks at each of its passes; tasks starting tasks skip it.
            if startQueued() {
                loop.catchUpIfOverdue()
                continue
            }
            if loop.runPending() { continue }
            if fireDue() { continue }
            if done() { return }
            loop.caughtUp()
            let next = timers.nextDeadline()
            if let virtual = clock as? VirtualClock {
                if outsideWork.count == 0 {
                    // Work that ended after the pass above posted its answer before it ended:
                    // delivered now, at the time it came, not after the jump.
                    if loop.runPending() { continue }
                    guard let next else { throw Stalled() }
                    virtual.advance(to: next)
                } else {
                    loop.waitForPosts()
                }
            } else if let next {
                waitReal(until: next)
            } else if operatorsListening || outsideWork.count > 0 {
                loop.waitForPosts()
            } else {
                throw Stalled()
            }
        }
    }

    private func fireDue() -> Bool {
        let now = clock.now
        var fired = false
        while let entry = timers.popDue(now: now) {
            entry.fire()
            fired = true
        }
        return fired
    }

    /// Sleeps for the bulk of the interval (waking early for posts), then yields until the deadline.
    private func waitReal(until deadline: UInt64) {
        let now = clock.now
        guard deadline > now else { return }
        if deadline - now > spinMargin {
            state.loop.waitForPosts(timeoutNanoseconds: deadline - now - spinMargin)
            return
        }
        while clock.now < deadline { sched_yield() }
    }
}

/// A count of work running outside the loop that will post back to it. Thread-safe.
public final class OutsideWork: Sendable {
    private let loop: LuaRunLoop
    private let outstanding = Atomic<Int>(0)

    init(loop: LuaRunLoop) {
        self.loop = loop
    }

    public var count: Int { outstanding.load(ordering: .acquiring) }

    /// Call before starting the work.
    public func begin() {
        outstanding.add(1, ordering: .releasing)
    }

    /// Call after the work has resumed its continuation; wakes the loop to look again.
    public func end() {
        outstanding.subtract(1, ordering: .releasing)
        loop.post {}
    }

    /// Ends the work from a job already on the loop's thread (the one that delivers its
    /// result), which needs no second wake-up.
    public func endOnLoop() {
        outstanding.subtract(1, ordering: .releasing)
    }
}
