/// Wakes a task waiting in `wait_any` when something arrives for it (an operator command).
/// A ring with nobody waiting is kept until the next wait, so no command is missed.
public final class Doorbell {
    private var rung = false
    private var waiter: (() -> Void)?

    public init() {}

    public func ring() {
        if let waiter {
            self.waiter = nil
            waiter()
        } else {
            rung = true
        }
    }

    /// Calls `body` at the next ring (now, if one is pending).
    func wait(_ body: @escaping () -> Void) {
        if rung {
            rung = false
            body()
        } else {
            waiter = body
        }
    }

    func stopWaiting() {
        waiter = nil
    }
}
