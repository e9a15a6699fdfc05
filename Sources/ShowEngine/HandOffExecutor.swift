/// A task executor that hands each job to `post`, an event loop's `execute`: a task that prefers
/// it (`Task(executorPreference:)`, inherited by its child tasks) runs on that loop's thread.
/// A platform call's task then runs where its connection's I/O happens, and what resumes it (the
/// journal's writer once the call's intent is on disk, the connection's answer) wakes that
/// thread directly instead of a concurrency thread that hands the request on to it.
public final class HandOffExecutor: TaskExecutor, @unchecked Sendable {
    private let post: @Sendable (@escaping @Sendable () -> Void) -> Void

    public init(_ post: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        self.post = post
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        post { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
