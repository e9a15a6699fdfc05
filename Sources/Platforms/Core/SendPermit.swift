import Synchronization

/// Whether this host may send a request that changes a platform's state, and how long its
/// attempt may run. A host running a show under a lease (main and backup, `SharedStore`) may
/// send only while its lease outlasts the attempt, so a host that lost its show can have
/// nothing in flight once another has taken it. Without a lease every request may go.
public protocol SendPermit: Sendable {
    /// Returns once a state-changing attempt may start, with the longest it may take (nil: no
    /// bound of its own); waits while the lease is short; throws if this host may never send again.
    func waitToSend(_ operation: String) async throws -> Duration?
}

public enum SendPermits {
    private static let current = Mutex<(any SendPermit)?>(nil)

    /// The process's permit: set once a run takes its lease.
    public static var permit: (any SendPermit)? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
