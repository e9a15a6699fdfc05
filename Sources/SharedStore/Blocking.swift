import Dispatch
import Foundation
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
/// hold a lease's renewal or an append past the lease. The body is cancelled, not awaited: a
/// query on a connection the server dropped may not notice its cancellation.
func within<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        race.continuation = c
        race.work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            race.finish(.failure(StoreError("the store did not answer \(what) within \(seconds) s")))
            race.work?.cancel()
        }
    }
}

/// The first of a body and a timer to finish resumes the caller; the other is ignored.
private final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var _continuation: CheckedContinuation<T, any Error>?
    private var _work: Task<Void, Never>?

    var continuation: CheckedContinuation<T, any Error>? {
        get { lock.withLock { _continuation } }
        set { lock.withLock { _continuation = newValue } }
    }

    var work: Task<Void, Never>? {
        get { lock.withLock { _work } }
        set { lock.withLock { _work = newValue } }
    }

    func finish(_ result: Result<T, any Error>) {
        let c = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { _continuation = nil }
            return _continuation
        }
        c?.resume(with: result)
    }
}
