import LuaHost

/// The REPL's ends on the outside world: where lines come from and where output goes. Every
/// method is called on the loop thread, and lines are delivered there, so the scheduler keeps
/// serving shows and background calls while the operator types.
public protocol ReplTerminal: AnyObject {
    /// An interactive terminal: prompts, colour, a spinner, Ctrl-C at the prompt.
    var isInteractive: Bool { get }
    /// Starts reading. Each line asked for with `prompt` (nil at the end of input) goes to
    /// `onLine`; `complete` gives the completions of the word before the cursor.
    func start(onLine: @escaping (String?) -> Void, complete: @escaping (String) -> [String])
    /// Asks for the next line, showing `text` as its prompt on a terminal.
    func prompt(_ text: String)
    /// Writes output. On a terminal, while a line is being typed, it goes above that line,
    /// which is drawn again below it.
    func write(_ text: String, error: Bool)
    /// Ctrl-C at the prompt: forgets the line being typed and starts a fresh one at "> ".
    func discardLine()
    /// Keeps a complete chunk (several lines joined) for recall.
    func remember(_ chunk: String)
    /// Stops reading and gives the terminal back as it was.
    func stop()
}

/// Routes what the engine and Lua's `print` write to the REPL's terminal once there is one.
public final class ReplOutput {
    weak var terminal: (any ReplTerminal)?

    public init() {}

    /// What Lua's `print` writes.
    public func print(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let terminal { terminal.write(text, error: false) } else { Console.out(text) }
    }

    /// A line of the engine's (a log line, a show event).
    public func line(_ text: String) {
        if let terminal { terminal.write(text + "\n", error: true) } else { Console.err(text + "\n") }
    }
}
