import Dispatch
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
    private let interrupts: DispatchSourceSignal

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
        var current: LuaTask?
        let loop = state.loop
        // SIGINT is ignored by the process and delivered here instead, so Ctrl-C never kills the REPL.
        signal(SIGINT, SIG_IGN)
        interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let cancel = UnsafeSendable { current?.cancel(with: Interrupted()) }
        interrupts.setEventHandler { loop.post { cancel.value() } }
        interrupts.resume()
        evaluator = try ReplEvaluator(state: state, color: interactive, writeError: writeError) { task in
            current = task
            defer { current = nil }
            Self.drive(task, on: engine.scheduler, spinner: interactive, writeError: writeError)
        }
        reader = interactive
            ? EditLineReader(historyPath: historyPath) { _, word in Completion.candidates(in: state, for: word) }
            : PlainLineReader()
    }

    deinit { interrupts.cancel() }

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

    /// Runs the scheduler until the task is done, drawing a spinner with the elapsed time meanwhile.
    static func drive(_ task: LuaTask, on scheduler: Scheduler, spinner: Bool, writeError: (String) -> Void) {
        let loop = scheduler.state.loop
        // Wake the loop ten times a second so the spinner moves while nothing else happens.
        let ticker = DispatchSource.makeTimerSource(queue: .global())
        ticker.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        ticker.setEventHandler { loop.post {} }
        ticker.resume()
        defer { ticker.cancel() }
        let start = DispatchTime.now().uptimeNanoseconds
        let frames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        var frame = 0, drawn = false, lastDraw: UInt64 = 0
        do {
            try scheduler.run(until: {
                let now = DispatchTime.now().uptimeNanoseconds
                if spinner, !task.isDone, now - start > 200_000_000, now - lastDraw > 90_000_000 {
                    let elapsed = Double((now - start) / 100_000_000) / 10
                    Console.err("\r\(frames[frame % frames.count]) \(elapsed)s  (Ctrl-C cancels)")
                    frame += 1
                    drawn = true
                    lastDraw = now
                }
                return task.isDone
            })
        } catch {
            writeError("\(error)\n")
        }
        if drawn { Console.err("\r\u{1B}[K") }
    }
}

/// Carries a closure that is only ever run on the loop's thread across a `post`.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
