import Foundation
import LuaHost
import ShowEngine

/// The read-eval-print loop. It runs on the show engine's scheduler: lines arrive as events,
/// a chunk runs as a task, and shows started with `:run` or calls sent to the background with
/// ` &` keep running while the operator types. While a foreground call waits, a spinner shows
/// its elapsed time (on a terminal) and Ctrl-C cancels that call, not the REPL.
/// Everything here happens on the loop thread.
public final class Repl: @unchecked Sendable {
    let engine: Engine
    let evaluator: ReplEvaluator
    let terminal: any ReplTerminal
    let introspection: Introspection
    /// Where `:go`, `:hold`... go: this REPL's own shows, or an attached process.
    var control: any ShowControl
    let local: LocalShowControl
    /// The chunk running in the foreground: no prompt until it ends.
    private var foreground: TaskHandle?
    /// Background work: scripts started with `:run` and chunks ending with ` &`.
    var jobs: [Job] = []
    private var nextJob = 1
    /// The number the next job gets.
    var nextJobNumber: Int { nextJob }
    private var finished = false
    /// Set when the input has ended or the operator quit: leave once the jobs have ended.
    private var leaving = false
    /// `:wait` holds the prompt until the jobs have ended (Ctrl-C gives it back).
    var awaitingJobs = false
    /// Ctrl-D with a show running warns once; the second aborts the show and leaves.
    private var warnedAboutShows = false
    /// The directories `:run` has put on `require`'s path (each once).
    var modulePathsAdded = Set<String>()
    /// Makes the journal of a `:run` (script, arguments), as `showcall run` keeps one, so that
    /// `showcall resume` can finish a show whose REPL died. Set by the command; nil: none.
    public var journalForRun: ((String, [String]) -> Journal?)?
    /// The job whose show the journal records: its end ends the journaled run.
    var journaledJob: Int?
    /// Set by Ctrl-C on a foreground chunk until the next line: a platform call it cancelled
    /// reports its end after the chunk's, and a change may have reached the platform.
    private var interruptedForeground = false

    struct Job {
        let id: Int
        let title: String
        let handle: TaskHandle
        let isScript: Bool
    }

    /// Raised at the await of a call cancelled with Ctrl-C.
    struct Interrupted: Error, CustomStringConvertible {
        var description: String { "interrupted" }
    }

    public init(engine: Engine, terminal: any ReplTerminal, output: ReplOutput) throws {
        self.engine = engine
        self.terminal = terminal
        output.terminal = terminal
        introspection = try Introspection(state: engine.state)
        local = LocalShowControl(hub: engine.hub)
        control = local
        // A call may wait on anything (a cue, a platform); only the operator ends that wait.
        engine.scheduler.operatorsListening = true
        evaluator = try ReplEvaluator(state: engine.state, color: terminal.isInteractive) { [terminal] in
            terminal.write($0, error: true)
        }
        engine.hub.subscribe { [unowned self] event in
            guard event.type != ShowEvent.platformCall else { return interruptedCall(event) }
            say("\(engine.timestamp(event.time)) SHOW  \(event.text)")
        }
    }

    /// Runs until the input ends or the operator quits; returns the exit status.
    public func run() -> Int32 {
        if terminal.isInteractive {
            terminal.write("ShowCall \(LuaState.release) REPL. :help for help, Ctrl-D to quit.\n", error: true)
        }
        InterruptWatcher.start(loop: engine.state.loop, { [unowned self] in interrupt() },
                               onHangup: { [unowned self] in leave(abortingShows: true) })
        terminal.start(onLine: { [unowned self] line in accept(line) },
                       complete: { [unowned self] word in introspection.candidates(for: word) })
        ask()
        do {
            try engine.scheduler.run(until: { finished })
        } catch {
            say("showcall: \(error)")
        }
        control.close()
        terminal.stop()
        return 0
    }

    /// Shows the prompt for the next line.
    func ask() {
        terminal.prompt(evaluator.isContinuing ? ">> " : "> ")
    }

    /// A message for the operator, on the terminal's error side.
    func say(_ text: String) {
        terminal.write(text.hasSuffix("\n") ? text : text + "\n", error: true)
    }

    /// A platform call that Ctrl-C cancelled: a read is simply gone, but a change's request may
    /// have reached the platform, which the operator needs to know and check.
    private func interruptedCall(_ event: ShowEvent) {
        guard interruptedForeground,
              let fields = (try? JSONSerialization.jsonObject(with: Data(event.json.utf8))) as? [String: Any],
              fields["ok"] as? Bool == false, fields["read"] == nil,
              let operation = fields["operation"] as? String else { return }
        let verb = operation.split(whereSeparator: { $0 == "." || $0 == ":" }).last.map(String.init) ?? operation
        guard !Self.reads.contains(verb), event.text.contains("Cancel") || event.text.contains("cancel") || event.text.contains("interrupted") else { return }
        interruptedForeground = false
        let object = (fields["output"] as? String).map { " (\($0))" } ?? ""
        say("\(operation)\(object) was interrupted after its request was sent:\n"
            + "it may have reached the platform; check with :status, or the object's status()")
    }

    /// Verbs that only read: interrupting one changes nothing.
    static let reads: Set<String> = ["status", "details", "get", "info", "state", "folders", "realTimeInfo"]

    private func accept(_ line: String?) {
        guard let line else { return endOfInput() }
        interruptedForeground = false
        if !evaluator.isContinuing, line.hasPrefix(":") {
            terminal.remember(line)
            return command(line)
        }
        switch evaluator.feed(line) {
        case .needsMore:
            ask()
        case .failed(let chunk):
            terminal.remember(chunk)
            ask()
        case .ready(let chunk, let function, let background):
            terminal.remember(chunk)
            if background {
                var title = chunk.trimmingCharacters(in: .whitespacesAndNewlines)
                title = String(title.dropLast()).trimmingCharacters(in: .whitespaces)
                startJob(function, title: title)
                ask()
            } else {
                runInForeground(function)
            }
        }
    }

    // MARK: the foreground

    private func runInForeground(_ chunk: LuaFunction) {
        let task: TaskHandle
        do {
            task = try engine.scheduler.spawn(evaluator.runner, args: [chunk], name: "repl", observed: true)
        } catch {
            say("\(error)")
            return ask()
        }
        foreground = task
        let spinner = terminal.isInteractive ? Spinner(engine: engine, terminal: terminal) : nil
        spinner?.start { [weak task] in task?.isDone == false }
        task.whenDone { [unowned self] in endForeground(task, spinner: spinner) }
    }

    private func endForeground(_ task: TaskHandle, spinner: Spinner?) {
        foreground = nil
        spinner?.clear()
        report(task, prefix: nil)
        ask()
    }

    /// Prints what a chunk returned, or its error with the traceback (just "interrupted" for Ctrl-C).
    private func report(_ task: TaskHandle, prefix: String?) {
        let lead = prefix.map { $0 + " " } ?? ""
        if let failure = task.failure {
            let error = failure as? LuaError
            if error?.underlying is Interrupted || failure is Interrupted {
                say(lead + "interrupted")
            } else {
                say(lead + (error.map(ReplEvaluator.describe) ?? "\(failure)"))
            }
        } else if case .string(let text)? = task.results.first {
            if let prefix { say("\(prefix) \(text)") } else { terminal.write(text.description + "\n", error: false) }
        } else if let prefix {
            say(prefix)
        }
    }

    // MARK: background jobs

    /// Starts `chunk` as background job; `[N] ...` tells the operator when it ends.
    func startJob(_ chunk: LuaFunction, args: [any LuaPushable] = [], title: String, isScript: Bool = false) {
        let id = nextJob
        nextJob += 1
        say("[\(id)] \(title)")
        let handle: TaskHandle
        do {
            handle = try engine.scheduler.spawn(evaluator.runner, args: [chunk] + args, name: title, observed: true)
        } catch {
            return say("\(error)")
        }
        jobs.append(Job(id: id, title: title, handle: handle, isScript: isScript))
        handle.whenDone { [unowned self] in
            jobs.removeAll { $0.id == id }
            if journaledJob == id, let journal = engine.record.journal {
                journal.append(.runEnded(handle.failure == nil ? .done : .failed))
                journal.flush()
            }
            report(handle, prefix: handle.failure == nil ? "[\(id)] done:" : "[\(id)] failed:")
            if leaving, jobs.isEmpty { finished = true }
        }
    }

    // MARK: interrupts and leaving

    private func interrupt() {
        if let foreground {
            interruptedForeground = true
            foreground.cancel(with: Interrupted())
        } else if awaitingJobs {
            awaitingJobs = false
            say("no longer waiting; the jobs go on")
            ask()
        } else if terminal.isInteractive {
            evaluator.reset()
            terminal.discardLine()
        } else {
            leave(abortingShows: true)
        }
    }

    private func endOfInput() {
        if terminal.isInteractive, !runningShows().isEmpty, !warnedAboutShows {
            warnedAboutShows = true
            say("a show is running (\(runningShows().joined(separator: ", "))): :abort it first, or Ctrl-D again to abort it and leave")
            return ask()
        }
        // Piped commands end when their input does, but a show they started runs to its end.
        leave(abortingShows: terminal.isInteractive)
    }

    /// Leaves once the jobs have ended. `abortingShows`: abort the running shows (their
    /// cleanup runs) and cancel the other jobs first.
    func leave(abortingShows: Bool) {
        leaving = true
        if abortingShows {
            for name in runningShows() { engine.hub.send(.abort, to: name) { _ in } }
            for job in jobs where !job.isScript { job.handle.cancel(with: Cancelled("the REPL is leaving")) }
        } else if !jobs.isEmpty {
            say("waiting for \(jobs.map { "[\($0.id)] \($0.title)" }.joined(separator: ", ")) to end")
        }
        if jobs.isEmpty { finished = true }
    }

    /// The names of this REPL's shows that are running.
    func runningShows() -> [String] {
        engine.hub.latest.filter { $0.value["status"] == "running" }.map(\.key).sorted()
    }
}

/// The "⠋ 1.2s (Ctrl-C cancels)" line while a foreground call waits, drawn ten times a second
/// on the scheduler's own clock once the call has taken 0.2 s.
final class Spinner {
    private let engine: Engine
    private let terminal: any ReplTerminal
    private var drawn = false

    init(engine: Engine, terminal: any ReplTerminal) {
        self.engine = engine
        self.terminal = terminal
    }

    func start(while running: @escaping () -> Bool) {
        let scheduler = engine.scheduler
        let start = scheduler.clock.now
        let frames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        var frame = 0
        func tick() {
            guard running() else { return }
            let elapsed = scheduler.clock.now - start
            if elapsed > 200_000_000 {
                terminal.write("\r\(frames[frame % frames.count]) \(Double(elapsed / 100_000_000) / 10)s  (Ctrl-C cancels)", error: true)
                frame += 1
                drawn = true
            }
            scheduler.addTimer(at: scheduler.clock.now + 100_000_000, tick)
        }
        scheduler.addTimer(at: start + 100_000_000, tick)
    }

    func clear() {
        if drawn { terminal.write("\r\u{1B}[K", error: true) }
    }
}
