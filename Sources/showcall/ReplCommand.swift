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
        discussion: "When standard input is not a terminal, lines are read plainly with no prompt."
    )

    @Option(help: ArgumentHelp("The profile naming the platforms and credentials to use (default: $SHOWCALL_PROFILE; with none, the embedded simulator).", valueName: "NAME"))
    var profile: String?

    @Argument(help: "Scripts to load first, in order.")
    var files: [String] = []

    func run() throws {
        try reportingErrors {
            let state = try ScriptSession.makeState(scriptDirectory: ".")
            let platforms = try PlatformTarget.directory(profile: PlatformTarget.selectedProfile(profile), rehearsal: false)
            let engine = try Engine(state: state, clock: RealClock(), backends: [PlatformBackend(directory: platforms)],
                                    output: { Console.err($0 + "\n") })
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
            let interactive = isatty(0) != 0
            let repl = try Repl(engine: engine, interactive: interactive, historyPath: Self.historyPath())
            return repl.run()
        }
    }

    /// `$XDG_STATE_HOME/showcall/history`, else `~/.local/state/showcall/history`.
    static func historyPath() -> String? {
        let base: String
        if let state = getenv("XDG_STATE_HOME") { base = String(cString: state) }
        else if let home = getenv("HOME") { base = String(cString: home) + "/.local/state" }
        else { return nil }
        mkdir(base, 0o755)
        mkdir(base + "/showcall", 0o700)
        return base + "/showcall/history"
    }
}
