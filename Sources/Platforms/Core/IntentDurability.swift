import Synchronization

/// A platform call's intent on its way to the journal's disk. The journal's rule (`Journal`):
/// a request that may change a platform's state goes out only once the intent of the call
/// sending it is durable, so a resumed run knows it may have landed; a read goes at once (sent
/// again after a crash, it changes nothing). `PlatformSession.call` and `http.post` wait here
/// before such a request; a call made without a journal has no gate and never waits.
public final class IntentDurability: Sendable {
    /// The gate of the call the current task is making.
    @TaskLocal public static var current: IntentDurability?

    private struct State {
        var durable = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// The intent is on disk (called on the journal's thread, also when writing failed: the
    /// show goes on without its journal).
    public func landed() {
        let waiting = state.withLock { s in
            s.durable = true
            defer { s.waiting = [] }
            return s.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once the current call's intent is durable; at once for a call without a journal.
    public static func beforeChange() async {
        guard let gate = current else { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = gate.state.withLock { s in
                if !s.durable { s.waiting.append(c) }
                return s.durable
            }
            if now { c.resume() }
        }
    }
}
