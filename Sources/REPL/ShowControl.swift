import LuaHost
import ShowEngine

/// Where the REPL's show-control commands go: the shows of its own engine (`:run FILE`), or a
/// `showcall run --control` process it is attached to. Called and answered on the loop thread.
protocol ShowControl: AnyObject {
    /// What the commands reach, for messages: "this REPL" or the control API's address.
    var target: String { get }
    /// Sends a command to the first running show; `reply` gets nil once delivered, or why not.
    func send(_ command: ShowCommand, reply: @escaping (String?) -> Void)
    /// Every show's state as the control API's `GET /state` gives it (a JSON array).
    func state(reply: @escaping (Result<String, ControlFailure>) -> Void)
    /// Stops following the target.
    func close()
}

struct ControlFailure: Error, CustomStringConvertible {
    let description: String
}

/// The shows this REPL runs itself, through its engine's hub.
final class LocalShowControl: ShowControl {
    private let hub: ShowHub

    init(hub: ShowHub) {
        self.hub = hub
    }

    var target: String { "this REPL" }

    func send(_ command: ShowCommand, reply: @escaping (String?) -> Void) {
        let deliver = UncheckedSendable(reply)
        hub.send(command) { refusal in
            deliver.value(refusal.map { $0.reason == .ignored ? "ignored: \($0.description)" : $0.description })
        }
    }

    func state(reply: @escaping (Result<String, ControlFailure>) -> Void) {
        reply(.success(hub.stateJSON))
    }

    func close() {}
}
