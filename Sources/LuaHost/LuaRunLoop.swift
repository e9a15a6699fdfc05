import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The loop that owns a Lua state's thread: it resumes suspended coroutines, one at a time,
/// from the top level (never nested), and runs jobs that other threads post to it.
public final class LuaRunLoop: @unchecked Sendable {
    private let owner = pthread_self()
    private var ready: [(LuaContinuation, Resumption)] = []
    private var readyHead = 0
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let wakeup = DispatchSemaphore(value: 0)
    weak var state: LuaState?
    /// Run each time the loop has caught up, on the loop's thread.
    private var caughtUpWork: [() -> Void] = []
    /// Inside `turn` (read on the loop's thread only).
    private var turning = false

    /// Whether the caller is the loop's thread in the middle of a turn: what it starts now may
    /// wait until the loop has caught up (`whenCaughtUp`).
    public var isTurning: Bool { isOwnerThread && turning }

    /// Runs `body` each time the loop has caught up (nothing left to run now, before it waits)
    /// and at the end of a turn: work that what ran since can share, such as waking the
    /// journal's writer once for every entry queued (a GO's command, its event, the step's start
    /// and the call's intent), or writing the lines logged in one write. Loop thread only.
    public func whenCaughtUp(_ body: @escaping () -> Void) {
        caughtUpWork.append(body)
    }

    /// Runs `body` once, when the loop has next caught up (at once outside a turn): what tells
    /// another thread that something happened (an operator's command was obeyed) waits until
    /// the turn has done what it owes first, such as waking the journal's writer, instead of
    /// waking that thread in the middle of it. Loop thread only.
    public func onceCaughtUp(_ body: @escaping () -> Void) {
        if turning { telling.append(body) } else { body() }
    }

    /// Runs `body` once, when the loop has next caught up, before what `onceCaughtUp` waits
    /// for: bringing what other threads read up to date (a show's state) before telling them
    /// (the command's answer). At once outside a turn. Loop thread only.
    public func onceCaughtUpFirst(_ body: @escaping () -> Void) {
        if turning { updating.append(body) } else { body() }
    }

    private var updating: [() -> Void] = []
    private var telling: [() -> Void] = []

    /// Runs the `whenCaughtUp` work, then what waited for it (`onceCaughtUpFirst`, then
    /// `onceCaughtUp`), and again while that left more, so that the `whenCaughtUp` work comes
    /// last (what the waiting work journaled or logged goes out too). The loop's driver calls it
    /// when nothing is left to run now.
    public func caughtUp() {
        lastCaughtUp = DispatchTime.now().uptimeNanoseconds
        while true {
            for body in caughtUpWork { body() }
            if updating.isEmpty, telling.isEmpty { return }
            Self.runOnce(&updating)
            Self.runOnce(&telling)
        }
    }

    private static func runOnce(_ list: inout [() -> Void]) {
        let now = list
        list.removeAll()
        for body in now { body() }
    }

    /// A loop that never runs out of work (a script busy with timers due at once, round after
    /// round) still does its `caughtUp` work every few milliseconds: its journal entries, log
    /// lines and answers are held that long at most. Checked at each pass of `runPending` and
    /// by the driver between its steps.
    public func catchUpIfOverdue() {
        if DispatchTime.now().uptimeNanoseconds - lastCaughtUp > Self.mostHeld { caughtUp() }
    }

    private var lastCaughtUp: UInt64 = 0
    private static let mostHeld: UInt64 = 5_000_000

    /// Runs `body` as a turn of the loop (the driver's whole run), ending with `caughtUp`.
    public func turn<T>(_ body: () throws -> T) rethrows -> T {
        let outer = turning
        turning = true
        if !outer { lastCaughtUp = DispatchTime.now().uptimeNanoseconds }
        defer {
            if !outer { caughtUp() }
            turning = outer
        }
        return try body()
    }

    /// Whether the caller runs on the loop's thread.
    public var isOwnerThread: Bool { pthread_equal(owner, pthread_self()) != 0 }

    /// Runs `job` on the loop's thread. Callable from any thread.
    public func post(_ job: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.append(job) }
        wakeup.signal()
    }

    func enqueue(_ continuation: LuaContinuation, _ resumption: Resumption) {
        ready.append((continuation, resumption))
    }

    /// Resumes every ready coroutine and runs every posted job, until none is left: the jobs
    /// posted so far, then the coroutines ready then, again while either brought more. Returns
    /// whether anything ran.
    @discardableResult
    public func runPending() -> Bool {
        var ran = false
        while true {
            catchUpIfOverdue()
            let jobs = inbox.withLock { jobs in
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            for job in jobs { job() }
            guard readyHead < ready.count || !jobs.isEmpty else { break }
            ran = true
            while readyHead < ready.count {
                let (continuation, resumption) = ready[readyHead]
                readyHead += 1
                continuation.deliver(resumption)
            }
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return ran
    }

    /// Blocks until a job is posted or the timeout (in nanoseconds) passes.
    public func waitForPosts(timeoutNanoseconds: UInt64? = nil) {
        if let t = timeoutNanoseconds {
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(clamping: t)))
        } else {
            wakeup.wait()
        }
    }

    /// Runs until `done` is true, sleeping while nothing is ready.
    public func run(until done: () -> Bool) {
        turn {
            while !done() {
                if !runPending(), !done() {
                    caughtUp()
                    waitForPosts()
                }
            }
        }
    }
}

/// How a suspended coroutine goes on.
enum Resumption {
    case values([LuaValue])
    case error(any Error)
    case cancel(any Error)
    case push((LuaStack) throws -> Int32)
}
