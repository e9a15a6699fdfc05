import ArgumentParser
import LuaHost
import REPL
import Platforms
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Control things by hand: a Lua prompt with line editing, history and completion.",
        discussion: """
        The platforms are ready as globals: vbrick, convey, webex, zoom, huawei (and showcall). \
        :run FILE starts a show that keeps running while you type; :go, :hold, :resume, :skip, \
        :jump and :abort steer it, :status shows it. --attach steers a show running in another \
        `showcall run --control` process instead. When standard input is not a terminal, lines \
        are read plainly with no prompt, and the REPL waits for shows it started to end.
        """
    )

    @Option(help: ArgumentHelp("The profile naming the platforms and credentials to use (default: $SHOWCALL_PROFILE; with none, the embedded simulator).", valueName: "NAME"), completion: Completions.profile)
    var profile: String?

    @Option(help: ArgumentHelp("Steer the show of a `showcall run --control` process: http://HOST:PORT, HOST:PORT or PORT.", valueName: "ADDRESS"))
    var attach: String?

    @Option(help: ArgumentHelp("The token of the attached control API. Defaults to $SHOWCALL_TOKEN.", valueName: "TOKEN"))
    var token: String?

    @OptionGroup var safetyOptions: SafetyOptions

    @Argument(help: "Scripts to load first, in order.", completion: Completions.script)
    var files: [String] = []

    func run() throws {
        try reportingErrors {
            let output = ReplOutput()
            let profileName = PlatformTarget.selectedProfile(profile)
            let platforms = try PlatformTarget.directory(profile: profileName, rehearsal: false)
            let safety = try safetyOptions.safety(platforms: platforms, profile: profileName, rehearsal: false)
            let state = try ScriptSession.makeState(scriptDirectory: ".", output: { output.print($0) }, safety: safety)
            let engine = try Engine(state: state, clock: RealClock(), backends: [PlatformBackend(directory: platforms)],
                                    output: { output.line($0) })
            try engine.run(String(decoding: PackageResources.repl_globals_lua, as: UTF8.self), name: "=[showcall repl globals]")
            for file in files {
                guard access(file, R_OK) == 0 else {
                    throw UsageError(description: "cannot open \(file): \(String(cString: strerror(errno)))")
                }
                let loaded = try engine.runMain(try state.load(file: file))
                if let error = loaded.failure {
                    ScriptSession.report(error as? LuaError ?? LuaError(kind: .runtime, message: "\(error)"))
                    return ExitStatus.scriptError
                }
            }
            let terminal: any ReplTerminal = isatty(STDIN_FILENO) != 0
                ? EditLineTerminal(loop: state.loop, historyPath: Self.historyPath())
                : PipeTerminal(loop: state.loop)
            let repl = try Repl(engine: engine, terminal: terminal, output: output)
            // A show started with :run journals as one started with `showcall run` (the header
            // names the script and its arguments, so `showcall resume` can finish it).
            repl.journalForRun = { script, args in
                let header = RunJournal.header(script: script, args: args, profile: profileName, safety: safety)
                return RunJournal.journal(path: RunJournal.path(option: nil, script: script)) { header }
            }
            if let attach {
                do {
                    try repl.attach(to: attach, token: token)
                } catch {
                    throw UsageError(description: "--attach: \(error)")
                }
            }
            return repl.run()
        }
    }


    /// `$XDG_STATE_HOME/showcall/history`, else `~/.local/state/showcall/history`.
    static func historyPath() -> String? {
        guard let base = Environment.stateHome else { return nil }
        mkdir(base, 0o755)
        mkdir(base + "/showcall", 0o700)
        return base + "/showcall/history"
    }
}
