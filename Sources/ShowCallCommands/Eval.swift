import ArgumentParser
import LuaHost

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a chunk of Lua given on the command line; an expression's values are printed."
    )

    @Argument(help: "Lua code, such as 'print(1)' or '2^10'.")
    var code: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the chunk as `...`.")
    var arguments: [String] = []

    func run() throws {
        try reportingErrors {
            let state = try ScriptSession.makeState(scriptDirectory: nil)
            let chunk: LuaFunction
            do {
                // An expression prints its values, as the REPL does; otherwise run the statements.
                chunk = try (try? state.load("return " + code, name: "=(command line)"))
                    ?? state.load(code, name: "=(command line)")
            } catch let error as LuaError {
                ScriptSession.report(error)
                return ExitStatus.scriptError
            }
            let printer = try state.load(PackageResources.eval_printer_lua, name: "=(eval)")
            return try ScriptSession.runMain(state, printer, args: [chunk] + arguments.map { LuaValue.string($0) })
        }
    }
}
