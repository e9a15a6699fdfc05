import LuaHost
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

/// The read-eval-print loop: reads lines, evaluates them as they complete, handles `:commands`.
/// While a call waits, a spinner shows its elapsed time (on a terminal) and Ctrl-C cancels that
/// call, not the REPL.
public final class Repl {
    public let evaluator: ReplEvaluator
    private let reader: LineReader
    private let interactive: Bool

    /// Raised at the await of a call cancelled with Ctrl-C.
    struct Interrupted: Error, CustomStringConvertible {
        var description: String { "interrupted" }
    }

    public init(engine: Engine, interactive: Bool, historyPath: String?) throws {
        let state = engine.state
        self.interactive = interactive
        // A call may wait on anything (a cue, a platform); only Ctrl-C ends that wait.
        engine.scheduler.operatorsListening = true
        let writeError: (String) -> Void = { Console.flush(); Console.err($0) }
        // Ctrl-C only raises a flag, so it never kills the REPL; the loop, awake ten times a second
        // while a call waits, turns it into a cancellation of that call. A signal mask inherited
        // from whatever started us (a test harness, a supervisor) would keep SIGINT from arriving.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        signal(SIGINT) { _ in Repl.interrupted = 1 }
        evaluator = try ReplEvaluator(state: state, color: interactive, writeError: writeError) { task in
            Self.drive(task, on: engine.scheduler, spinner: interactive, writeError: writeError)
        }
        reader = interactive
            ? EditLineReader(historyPath: historyPath) { _, word in Completion.candidates(in: state, for: word) }
            : PlainLineReader()
    }

    /// Set by the SIGINT handler (async-signal-safe: one store), read by the loop.
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0

    /// Runs until end of input; returns the exit status (0).
    public func run() -> Int32 {
        if interactive { Console.err("ShowCall \(LuaState.release) REPL. :help for help, Ctrl-D to quit.\n") }
        while let line = reader.readLine(prompt: evaluator.isContinuing ? ">> " : "> ") {
            if !evaluator.isContinuing, line.hasPrefix(":") {
                if !command(line) { break }
            } else if case .ran(let chunk) = evaluator.feed(line) {
                reader.remember(chunk)
            }
            Console.flush()
        }
        if interactive { Console.err("\n") }
        return 0
    }

    /// Runs a `:command`; false means quit.
    private func command(_ line: String) -> Bool {
        let words = line.dropFirst().split(separator: " ").map(String.init)
        switch words.first ?? "" {
        case "quit", "q", "exit": return false
        case "help", "h", "?": Console.out(Self.help(words.dropFirst().first, state: evaluator.state))
            reader.remember(line)
        default: Console.err("unknown command '\(line)'; :help lists them\n")
        }
        return true
    }

    static func help(_ name: String?, state: LuaState) -> String {
        guard let name else {
            return """
                Type Lua: an expression prints its values (=x works too); an unfinished chunk
                continues on the next line. A call that waits shows a spinner; Ctrl-C cancels it.
                  :help NAME   what NAME is and what it offers (fields, methods)
                  :quit        leave (Ctrl-D too)

                """
        }
        let members = Completion.candidates(in: state, for: name + ".")
        let kind = (try? state.load("return type(\(name))", name: "=help").call().first).flatMap { $0 } ?? .nil
        let typeName = if case .string(let s) = kind { s.description } else { "nil" }
        if members.isEmpty { return "\(name): \(typeName)\n" }
        return "\(name): \(typeName)\n" + members.map { "  \($0)\n" }.joined()
    }

    /// Runs the scheduler until the task is done. A timer on the scheduler's own clock ticks ten
    /// times a second meanwhile: it draws the spinner with the elapsed time and turns Ctrl-C
    /// into a cancellation of the call.
    static func drive(_ task: LuaTask, on scheduler: Scheduler, spinner: Bool, writeError: (String) -> Void) {
        interrupted = 0
        let start = scheduler.clock.now
        let frames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        var frame = 0, drawn = false
        func tick() {
            guard !task.isDone else { return }
            if interrupted != 0 {
                interrupted = 0
                task.cancel(with: Interrupted())
            }
            let elapsed = scheduler.clock.now - start
            if spinner, elapsed > 200_000_000 {
                Console.err("\r\(frames[frame % frames.count]) \(Double(elapsed / 100_000_000) / 10)s  (Ctrl-C cancels)")
                frame += 1
                drawn = true
            }
            scheduler.addTimer(at: scheduler.clock.now + 100_000_000, tick)
        }
        scheduler.addTimer(at: start + 100_000_000, tick)
        do {
            try scheduler.run(until: { task.isDone })
        } catch {
            writeError("\(error)\n")
        }
        if drawn { Console.err("\r\u{1B}[K") }
    }
}
