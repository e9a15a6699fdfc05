import Dispatch
import Foundation
import LuaHost

/// Standard input that is not a terminal: plain lines, no prompt, so `showcall repl < file`
/// works. A line is read only once the one before it has been dealt with (its call has
/// returned), so a script of commands runs in order.
public final class PipeTerminal: ReplTerminal, @unchecked Sendable {
    private let loop: LuaRunLoop
    private let wanted = DispatchSemaphore(value: 0)

    public init(loop: LuaRunLoop) {
        self.loop = loop
    }

    public var isInteractive: Bool { false }

    public func start(onLine: @escaping (String?) -> Void, complete: @escaping (String) -> [String]) {
        let deliver = UncheckedSendable(onLine)
        Thread.detachNewThread { [self] in
            while true {
                wanted.wait()
                let line = Swift.readLine(strippingNewline: true)
                loop.post { deliver.value(line) }
                if line == nil { return }
            }
        }
    }

    public func prompt(_ text: String) { wanted.signal() }

    public func write(_ text: String, error: Bool) {
        if error {
            Console.flush()
            Console.err(text)
        } else {
            Console.out(text)
        }
    }

    public func discardLine() {}
    public func remember(_ chunk: String) {}
    public func stop() { Console.flush() }
}

/// A value handed to another thread that only ever uses it back on the loop thread.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
