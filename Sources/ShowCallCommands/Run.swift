import ArgumentParser
import LuaHost
import Platforms
import ShowEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Run: ParsableCommand {
    /// `_superCommandName` matters only when `run` is parsed alone (`ShowCallMain.runCommand`):
    /// ArgumentParser then skips its check for a completion-script request, which builds two
    /// more commands' arguments by reflection at every start; `runCommand` has sent such
    /// requests down the full path already. Parsed through the tree, the root's name is used.
    static let configuration = CommandConfiguration(
        commandName: "run",
        _superCommandName: "showcall",
        abstract: "Run a Lua script, as `lua5.4 FILE` would, with ShowCall's libraries.",
        discussion: """
        The script sees its arguments in `arg` (arg[0] is the script) and in `...`, exactly as \
        under lua5.4. Its top level runs in a task, so it may wait (sleep, platform calls) \
        from top to bottom. Exit status: 0 on success, 1 on a script error, 2 on a usage error, \
        3 when the run ended but its journal could not be written, 130 or 143 when stopped by \
        SIGINT or SIGTERM.

        A run keeps a journal (JSON Lines, in order; a platform call's intent on disk before it is \
        sent): `showcall log JOURNAL` reads it, `showcall resume JOURNAL` picks up a run that died. \
        The first Ctrl-C (SIGINT) or SIGTERM aborts the show and runs its cleanup; a second exits at once, \
        and so does a first the show cannot act on within --signal-grace.

        --rehearse runs the script in virtual time (a two-hour show takes well under a second) \
        with cues answered automatically and prints each show's timeline. --control PORT serves \
        the operator control API (HTTP + JSON, events as server-sent events) on 127.0.0.1.
        """
    )

    @Flag(help: "Run in virtual time against stubs, answering cues automatically, and print a timeline.")
    var rehearse = false

    @Flag(help: "With --rehearse: print each show's timeline as JSON (steps, planned and actual times, status, results), and nothing else, on standard output.")
    var json = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With --rehearse: the time of day the rehearsal starts at (HH:MM, ISO-8601 or epoch).", valueName: "TIME"))
    var start: String?

    @OptionGroup var controlOptions: ControlOptions

    @Option(help: ArgumentHelp("Where to write the run's journal (default: $XDG_STATE_HOME/showcall/journals/, else ~/.local/state/showcall/journals/).", valueName: "PATH"))
    var journal: String?

    @Option(help: ArgumentHelp("The profile naming the platforms and credentials to use (default: $SHOWCALL_PROFILE; with none, the embedded simulator).", valueName: "NAME"), completion: Completions.profile)
    var profile: String?

    @OptionGroup var safetyOptions: SafetyOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("With a store: the show's name there, which `standby` and `resume` use (default: the script's name).", valueName: "NAME"))
    var name: String?

    @Argument(help: "The script to run; '-' reads it from standard input.", completion: Completions.script)
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func validate() throws {
        if let journal { try RunJournal.check(option: journal) }
    }

    func run() throws {
        try reportingErrors {
            let path = scriptPath
            if let path, access(path, R_OK) != 0 {
                throw UsageError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            // A rehearsal checks the source first, as `plan` does; a run does not wait for it.
            if rehearse, try !ShowCheck.passes(script: path) { return ExitStatus.scriptError }
            let platforms = try PlatformTarget.directory(profile: profileName, rehearsal: rehearse)
            var safety = try safetyOptions.safety(platforms: platforms, profile: profileName, rehearsal: rehearse)
            if !rehearse { safety.journal = RunJournal.path(option: journal, script: scriptPath) }
            var options = try engineOptions(platforms: platforms, safety: safety)
            // The script's hash is taken now, before it loads: an edit made while the run waits
            // for its first entry must not become the run's own script.
            let header = RunJournal.header(script: path, args: arguments, profile: profileName, safety: safety)
            let state = try ScriptSession.makeState(scriptDirectory: path.map(StandardLibrary.parent(of:)), screen: options.screen, safety: safety)
            guard let chunk = ScriptSession.load(state, file: path) else { return ExitStatus.scriptError }
            try state.setGlobal("arg", ScriptSession.argTable(script: script, arguments: arguments, command: "run"))
            let settings = try storeOptions.settings()
            var hosted: HostedShow?
            // A rehearsal's virtual time changes nothing real: only a run keeps a journal, in
            // the shared store if one is given, else in its file.
            if !rehearse, let address = try storeOptions.address(profile: profileName) {
                let show = try name ?? path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
                    ?? { throw UsageError(description: "a script read from standard input needs --name to run with a store") }()
                let store = try StoreOptions.connect(address)
                hosted = try HostedShow.start(store, name: show, settings: settings, script: path)
                let journal = RunJournal.journal(store: hosted!.journalStore) { header }
                // A show in the store has its start journaled at once: a standby finds its script and arguments.
                journal.begin()
                options.record = RunRecord(journal: journal)
                Console.err("showcall: holding show '\(show)' in \(address) (epoch 1)\n")
            } else if !rehearse {
                options.record = RunRecord(journal: RunJournal.journal(path: safety.journal ?? RunJournal.path(option: journal, script: path)) { header })
            }
            defer { hosted?.end() }
            let timelines = ShowReportCollector(module: ShowReportCollector.timeline)
            if json { options.backends.append(timelines) }
            let status = try withExtendedLifetime(timelines) {
                try ScriptSession.runMain(state, chunk, args: arguments.map { LuaValue.string($0) }, options: options)
            }
            if json { Console.out((timelines.json.isEmpty ? "[]" : timelines.json) + "\n") }
            return status
        }
    }

    /// The script's path; nil for standard input.
    private var scriptPath: String? { script == "-" ? nil : script }

    private var profileName: String? { PlatformTarget.selectedProfile(profile) }

    private func engineOptions(platforms: PlatformDirectory, safety: ScriptSafety) throws -> EngineOptions {
        if start != nil, !rehearse { throw UsageError(description: "--start needs --rehearse") }
        if json, !rehearse { throw UsageError(description: "--json needs --rehearse") }
        var options = EngineOptions(mode: rehearse ? .rehearse : .run)
        options.screen.muted = json
        try options.setStart(start)
        options.platforms = platforms
        options.signalGrace = safety.signalGrace
        options.control = try controlOptions.settings()
        return options
    }
}
