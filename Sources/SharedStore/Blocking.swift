import Dispatch
import Synchronization

/// Runs `body` and waits for it on this thread: for the journal's own thread, whose store
/// interface is synchronous. Never call it from a task (it would hold a concurrency thread).
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let r: Result<T, any Error>
        do { r = .success(try await body()) } catch { r = .failure(error) }
        result.withLock { $0 = r }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}

/// `body`'s result, or `StoreError` after `seconds`: a database that does not answer must not
/// hold a lease's renewal past the lease.
func within<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw StoreError("the store did not answer \(what) within \(seconds) s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
