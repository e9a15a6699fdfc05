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
    /// Run at the end of each pass that ran anything, on the loop's thread.
    private var afterPass: [() -> Void] = []
    /// Inside `runPending` (read on the loop's thread only).
    private var passing = false

    /// Whether the caller is the loop's thread in the middle of a pass: what it starts now
    /// may wait for the pass's end (`addAfterPass`).
    public var isInPass: Bool { isOwnerThread && passing }

    /// Runs `body` at the end of every pass that ran anything: work the pass's jobs and
    /// coroutines left to do together, such as waking the journal's writer once for all they
    /// queued. Loop thread only.
    public func addAfterPass(_ body: @escaping () -> Void) {
        afterPass.append(body)
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

    /// Resumes every ready coroutine and runs every posted job, until none is left, in passes:
    /// each pass runs the jobs posted so far and the coroutines ready then, and ends with the
    /// `addAfterPass` work. Returns whether anything ran.
    @discardableResult
    public func runPending() -> Bool {
        var ran = false
        while true {
            passing = true
            let jobs = inbox.withLock { jobs in
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            for job in jobs { job() }
            guard readyHead < ready.count || !jobs.isEmpty else {
                passing = false
                break
            }
            ran = true
            while readyHead < ready.count {
                let (continuation, resumption) = ready[readyHead]
                readyHead += 1
                continuation.deliver(resumption)
            }
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
            passing = false
            for body in afterPass { body() }
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
        while !done() {
            if !runPending(), !done() { waitForPosts() }
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
