import Dispatch
import Foundation

/// The journal's own thread: it sleeps until woken, then runs the journal's drain. A thread kept
/// for the job, rather than a dispatch queue, so that the wake-up after a GO's call intent is
/// one futex wake of a thread known to be asleep: a dispatch pool decides for itself when a
/// worker picks work up, and was seen to leave an intent unwritten for milliseconds.
final class JournalWriter: Sendable {
    private let wakeup = DispatchSemaphore(value: 0)

    /// Starts the thread. `drain` runs after each wake-up; when it returns false (its journal
    /// is gone), the thread ends.
    func start(_ drain: @escaping @Sendable () -> Bool) {
        let wakeup = self.wakeup
        let thread = Thread {
            while true {
                wakeup.wait()
                if !drain() { return }
            }
        }
        thread.name = "showcall.journal"
        thread.start()
    }

    /// Wakes the thread (any thread): once per wake-up wanted, as a semaphore counts them.
    func wake() { wakeup.signal() }
}
