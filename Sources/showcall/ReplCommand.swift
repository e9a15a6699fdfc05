import ArgumentParser
import LuaHost
import REPL
#if canImport(Glibc)
import Glibc
#endif

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Control things by hand: a Lua prompt with line editing, history and completion.",
        discussion: "When standard input is not a terminal, lines are read plainly with no prompt."
    )

    @Argument(help: "Scripts to load first, in order.")
    var files: [String] = []

    func run() throws {
        try reportingErrors {
            let state = try ScriptSession.makeState(scriptDirectory: ".")
            for file in files {
                guard access(file, R_OK) == 0 else {
                    throw UsageError(description: "cannot open \(file): \(String(cString: strerror(errno)))")
                }
                let status = try ScriptSession.runMain(state, try state.load(file: file), args: [])
                if status != 0 { return status }
            }
            let interactive = isatty(0) != 0
            let repl = try Repl(state: state, interactive: interactive, historyPath: Self.historyPath())
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
