import Foundation

/// A value guarded by a lock. Foundation's NSLock keeps the module free of further
/// dependencies (Synchronization.Mutex would raise the macOS floor).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
