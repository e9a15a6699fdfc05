import ControlAPI
import Foundation
import LuaHost
import Platforms
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

/// A Lua state set up as `showcall` runs scripts: logging to the console, `require` finding
/// modules beside the script first, then in its `lib/`, then in `$SHOWCALL_PATH`, then in
/// ShowCall's `stdlib/`; the limits, and the sandbox if on (which may read where `require` looks).
enum ScriptSession {
    static func makeState(scriptDirectory: String?, screen: Screen? = nil, safety: ScriptSafety = ScriptSafety()) throws -> LuaState {
        try makeState(scriptDirectory: scriptDirectory, output: screen.map { screen in { screen.print($0) } }, safety: safety)
    }

    /// `output` receives what `print` writes (default: standard output).
    static func makeState(scriptDirectory: String?, output: LuaState.Output?, safety: ScriptSafety = ScriptSafety()) throws -> LuaState {
        _ = ConsoleLogHandler.bootstrapped
        let state = try LuaState(output: output ?? Console.writeOut, limits: safety.limits)
        let paths = modulePaths(scriptDirectory: scriptDirectory)
        state.prependModulePaths(paths)
        if let policy = safety.policy(readDirectories: paths) {
            do { try LuaSandbox.install(in: state, policy: policy) } catch let error as LuaSandbox.DirectoryError {
                throw UsageError(description: error.description)
            }
        }
        return state
    }

    /// Where `require` looks, in order: the script's directory and its `lib/`, each directory
    /// of `$SHOWCALL_PATH` (colon-separated; empty entries are ignored), then `stdlib/`.
    static func modulePaths(scriptDirectory: String?) -> [String] {
        let local = scriptDirectory.map { [$0, "\($0)/lib"] } ?? []
        let user = (Environment.value("SHOWCALL_PATH") ?? "")
            .split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        return local + user + [StandardLibrary.directory].compactMap { $0 }
    }

    /// Runs `function(args...)` as the main task on the show engine's scheduler and waits for
    /// it; prints a script error as `lua5.4` does (message, then traceback), closes the state
    /// as `lua5.4` does (the finalizers of what is left run last) and returns the exit status.
    static func runMain(_ state: LuaState, _ function: LuaFunction, args: [any LuaPushable],
                        options: EngineOptions = EngineOptions()) throws -> Int32 {
        defer { state.close() }
        let screen = options.screen
        let platforms = try options.platforms ?? PlatformTarget.directory(profile: nil, rehearsal: options.mode != .run)
        var backends: [any ShowBackend] = [PlatformBackend(directory: platforms)]
        if options.mode != .run { backends.append(StubBackend()) }
        backends += options.backends
        let engine = try Engine(state: state, clock: options.clock(), mode: options.mode, backends: backends,
                                record: options.record, output: screen.write)
        screen.follow(state.loop)
        engine.startInShowZone = options.startInShowZone
        if options.mode == .run, isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 {
            screen.display = LiveDisplay(engine: engine)
        } else if options.mode != .plan {
            PlainLog.attach(to: engine)
        }
        let display = screen.display
        let server: ControlServer?
        do {
            server = try options.control.map { try ControlServer.start(engine: engine, settings: $0) }
        } catch {
            throw UsageError(description: String(describing: error))
        }
        if let server, let settings = options.control {
            // The control token is never printed: the operator who set it knows it.
            let control = settings.token == nil ? "" : " (add ?token=TOKEN to control)"
            Console.err("showcall: control API on http://\(server.address)\n")
            Console.err("showcall: control page http://\(server.address)/\(control); read-only view \(settings.viewLink(server.address))\n")
        }
        engine.scheduler.operatorsListening = server != nil || display != nil
        defer {
            server?.stop()
            display?.stop()
            screen.display = nil
        }
        let journal = options.record.journal
        let signals = options.mode == .run ? RunSignals(engine: engine, journal: journal, grace: options.signalGrace) : nil
        defer { signals?.stop() }
        // A rehearsal or plan checks the show: one that aborted (a step failed and its policy
        // gave up, or ABORT) is a failed check, though the script itself ended normally.
        let aborted = AbortedShows()
        let subscription = options.mode == .run ? nil : engine.hub.subscribe { event in
            if event.type == "show_aborted" { aborted.text.append(event.text) }
        }
        defer { subscription.map(engine.hub.unsubscribe) }
        var status = run(engine, function, args: args) { main in signals?.main = main }
        if status == 0, !aborted.text.isEmpty {
            Console.flush()
            for text in aborted.text { Console.err("showcall: \(text)\n") }
            status = ExitStatus.scriptError
        }
        let ending: RunEnding = signals?.exitStatus.map { _ in .interrupted } ?? (status == 0 ? .done : .failed)
        if let journal, journal.isStarted {
            journal.append(.runEnded(ending))
            journal.flush()
        }
        // A show aborted by a signal has run its cleanup: the status says why it stopped.
        let outcome = signals?.exitStatus ?? status
        if outcome == 0, let journal, let failure = journal.failure {
            Console.err("showcall: the run ended, but its journal \(journal.path) is incomplete (\(failure)): it could not be resumed from\n")
            return ExitStatus.journalIncomplete
        }
        return outcome
    }

    /// The texts of the shows that aborted, in order. Loop thread only.
    private final class AbortedShows {
        var text: [String] = []
    }

    private static func run(_ engine: Engine, _ function: LuaFunction, args: [any LuaPushable],
                            started: (TaskHandle) -> Void) -> Int32 {
        let main: TaskHandle
        do {
            main = try engine.runMain(function, args: args, started: started)
        } catch {
            Console.flush()
            Console.err("showcall: \(error)\n")
            engine.record.journal?.append(.runError(message: String(describing: error)))
            return ExitStatus.scriptError
        }
        if let error = main.failure {
            let lua = error as? LuaError ?? LuaError(kind: .runtime, message: String(describing: error))
            report(lua)
            engine.record.journal?.append(.runError(message: lua.message, traceback: lua.traceback))
            return ExitStatus.scriptError
        }
        return 0
    }

    /// `arg` as lua5.4 builds it: the script at 0, its arguments from 1, the command before it
    /// at negative indices.
    static func argTable(script: String, arguments: [String], command: String) -> LuaValue {
        var table = LuaTable(array: arguments.map { .string($0) })
        table.hash[0] = .string(script)
        table.hash[-1] = .string(command)
        table.hash[-2] = .string(CommandLine.arguments.first ?? "showcall")
        return .table(table)
    }

    /// The script's chunk, or nil after printing its syntax error (the caller exits 1).
    static func load(_ state: LuaState, file: String?) -> LuaFunction? {
        do {
            return try state.load(file: file)
        } catch {
            report(error as? LuaError ?? LuaError(kind: .syntax, message: String(describing: error)))
            return nil
        }
    }

    static func report(_ error: LuaError) {
        Console.flush()
        let traceback = error.traceback.isEmpty ? "" : "\n" + error.traceback
        Console.err("showcall: \(error.message)\(traceback)\n")
    }
}

/// Where ShowCall's own Lua libraries are: `$SHOWCALL_STDLIB`, else a `stdlib/` (or
/// `share/showcall/stdlib/`) found walking up from the executable.
enum StandardLibrary {
    static let directory: String? = {
        if let env = Environment.value("SHOWCALL_STDLIB") { return env }
        var dir = executableDirectory()
        for _ in 0 ..< 6 {
            for candidate in ["\(dir)/stdlib", "\(dir)/share/showcall/stdlib"] where isDirectory(candidate) {
                return candidate
            }
            dir = parent(of: dir)
        }
        return nil
    }()

    private static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        return parent(of: String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
