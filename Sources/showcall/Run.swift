import ArgumentParser
import LuaHost
import ShowEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script, as `lua5.4 FILE` would, with ShowCall's libraries.",
        discussion: """
        The script sees its arguments in `arg` (arg[0] is the script) and in `...`, exactly as \
        under lua5.4. Its top level runs in a task, so it may wait (sleep, platform calls) \
        from top to bottom. Exit status: 0 on success, 1 on a script error, 2 on a usage error, \
        130 or 143 when stopped by SIGINT or SIGTERM.

        A run keeps a journal (JSON Lines, each entry on disk before what it records is taken as \
        done): `showcall log JOURNAL` reads it, `showcall resume JOURNAL` picks up a run that died. \
        The first Ctrl-C (SIGINT) or SIGTERM aborts the show and runs its cleanup; a second exits at once.

        --rehearse runs the script in virtual time (a two-hour show takes well under a second) \
        with cues answered automatically and prints each show's timeline. --control PORT serves \
        the operator control API (HTTP + JSON, events as server-sent events) on 127.0.0.1.
        """
    )

    @Flag(help: "Run in virtual time against stubs, answering cues automatically, and print a timeline.")
    var rehearse = false

    @Option(help: ArgumentHelp("With --rehearse: the time of day the rehearsal starts at (HH:MM, ISO-8601 or epoch).", valueName: "TIME"))
    var start: String?

    @OptionGroup var controlOptions: ControlOptions

    @Option(help: ArgumentHelp("Where to write the run's journal (default: $XDG_STATE_HOME/showcall/journals/, else ~/.local/state/showcall/journals/).", valueName: "PATH"))
    var journal: String?

    @Option(help: ArgumentHelp("The profile naming the platforms and credentials to use (default: $SHOWCALL_PROFILE; with none, the embedded simulator).", valueName: "NAME"))
    var profile: String?

    @OptionGroup var safetyOptions: SafetyOptions

    @Argument(help: "The script to run; '-' reads it from standard input.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func run() throws {
        try reportingErrors {
            let path: String? = script == "-" ? nil : script
            if let path, access(path, R_OK) != 0 {
                throw UsageError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            let options = try engineOptions()
            let safety = try safetyOptions.safety(profile: try options.platforms.flatMap {
                try PlatformTarget.fileProfile($0, name: PlatformTarget.selectedProfile(profile), rehearsal: rehearse)
            })
            let state = try ScriptSession.makeState(scriptDirectory: path.map(StandardLibrary.parent(of:)), screen: options.screen, safety: safety)
            guard let chunk = ScriptSession.load(state, file: path) else { return ExitStatus.scriptError }
            try state.setGlobal("arg", argTable())
            return try ScriptSession.runMain(state, chunk, args: arguments.map { LuaValue.string($0) }, options: options)
        }
    }

    private func engineOptions() throws -> EngineOptions {
        if start != nil, !rehearse { throw UsageError(description: "--start needs --rehearse") }
        var options = EngineOptions(mode: rehearse ? .rehearse : .run, start: try EngineOptions.startTime(start))
        let profile = PlatformTarget.selectedProfile(profile)
        options.platforms = try PlatformTarget.directory(profile: profile, rehearsal: rehearse)
        if !rehearse {
            // A rehearsal's virtual time changes nothing real: only a run keeps a journal.
            let path = RunJournal.path(option: journal, script: script == "-" ? nil : script)
            options.record = RunRecord(journal: RunJournal.start(path: path, script: script == "-" ? nil : script,
                                                                    args: arguments, profile: profile))
        }
        options.control = try controlOptions.settings()
        return options
    }

    /// `arg` as lua5.4 builds it: the script at 0, its arguments from 1, the command before it
    /// at negative indices.
    private func argTable() -> LuaValue {
        var table = LuaTable(array: arguments.map { .string($0) })
        table.hash[0] = .string(script)
        table.hash[-1] = "run"
        table.hash[-2] = .string(CommandLine.arguments.first ?? "showcall")
        return .table(table)
    }
}
