import ArgumentParser
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// The `showcall` command. Every command names itself: deriving a name from the type's costs
/// a runtime lookup per command at each start. Exit codes: 0 success, 1 a script error (or a
/// rehearsal or plan whose show aborted), 2 a usage error (a mistyped command gets the one meant).
struct ShowCall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "showcall",
        abstract: "Run-of-show automation for live webcasts, scripted in Lua.",
        version: ShowCallVersion.text,
        subcommands: [Run.self, Resume.self, Log.self, Check.self, Plan.self, TestCommand.self, NewShow.self, Types.self, Eval.self,
                      ReplCommand.self, Sim.self, Standby.self, Shows.self, Version.self]
    )
}

/// What the `showcall` executable runs: parse, run, exit with the command's status.
public enum ShowCallMain {
    public static func main() {
        do {
            var command = try runCommand(Array(CommandLine.arguments.dropFirst())) ?? ShowCall.parseAsRoot()
            try command.run()
        } catch {
            let names = ShowCall.configuration.subcommands.compactMap { $0.configuration.commandName }
            if let hint = Suggestion.subcommand(Array(CommandLine.arguments.dropFirst()), among: names + ["help"]) {
                Console.err("showcall: \(hint)\n")
                exit(ExitStatus.usage)
            }
            let code = ShowCall.exitCode(for: error)
            if code == .validationFailure {
                Console.err(ShowCall.fullMessage(for: error) + "\n")
                exit(ExitStatus.usage)
            }
            ShowCall.exit(withError: error)
        }
    }
}

extension ShowCallMain {
    /// `showcall run ...`, the operator's path, parsed as `Run` alone: parsing through the
    /// whole tree builds every command's arguments by reflection (ArgumentParser's check for
    /// a completion-script request walks them all), about a third of a start. Help, version
    /// and completion requests, and anything `Run` refuses, take the full path, so what they
    /// print is unchanged.
    static func runCommand(_ arguments: [String]) -> (any ParsableCommand)? {
        let full = ["-h", "--help", "help", "--version", "--experimental-dump-help"]
        guard arguments.first == "run", !arguments.contains(where: { full.contains($0) || $0.hasPrefix("--generate-completion") }) else {
            return nil
        }
        return try? Run.parse(Array(arguments.dropFirst()))
    }
}

enum ExitStatus {
    static let scriptError: Int32 = 1
    static let usage: Int32 = 2
    /// The show ran to its end, but its journal could not be written (a full disk): it went on
    /// without one, as a live show must, and a crash in it could not have been resumed.
    static let journalIncomplete: Int32 = 3
    /// Another host took the show over (main and backup): this one sent nothing more.
    static let showLost: Int32 = 4
}

/// A usage problem found after parsing (a missing script file, say): exit 2 with the message.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

extension ParsableCommand {
    /// Runs `body`, turning a script error into exit 1 and a usage error into exit 2.
    func reportingErrors(_ body: () throws -> Int32) throws {
        let status: Int32
        do {
            status = try body()
        } catch let usage as UsageError {
            Console.err("showcall: \(usage.description)\n")
            status = ExitStatus.usage
        }
        Console.flush()
        if status != 0 { throw ExitCode(status) }
    }
}
