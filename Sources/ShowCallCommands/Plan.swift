import ArgumentParser
import ControlAPI
import Foundation
import LuaHost
import Platforms
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a show's planned steps and clock times without running any action.",
        discussion: """
        The script runs on a virtual clock; each `show:run()` prints its steps (start \
        condition, planned time, actions, policies) instead of running them.
        """
    )

    @Option(parsing: .unconditional, help: ArgumentHelp("Plan as if the show started at this time of day (HH:MM, ISO-8601 or epoch).", valueName: "TIME"))
    var start: String?

    @Option(help: ArgumentHelp("Also write the plan as a run sheet to print (HTML, one page, A4 or Letter landscape).", valueName: "FILE"))
    var html: String?

    @Flag(help: "Print each planned show as JSON (its steps, planned times, starts, cues, actions) instead of the text plan.")
    var json = false

    @Option(help: ArgumentHelp("The profile whose sandbox settings apply (default: $SHOWCALL_PROFILE); plan calls no platform.", valueName: "NAME"), completion: Completions.profile)
    var profile: String?

    @OptionGroup var safetyOptions: SafetyOptions

    @Argument(help: "The show script.", completion: Completions.script)
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func run() throws {
        try reportingErrors {
            if access(script, R_OK) != 0 {
                throw UsageError(description: "cannot open \(script): \(String(cString: strerror(errno)))")
            }
            // What `showcall check` finds in the source stops the plan before the script runs.
            guard try ShowCheck.passes(script: script) else { return ExitStatus.scriptError }
            // The script's top level runs: the same sandbox and limits as a run of it.
            let name = PlatformTarget.selectedProfile(profile)
            let safety = try safetyOptions.safety(platforms: try PlatformTarget.directory(profile: name, rehearsal: false), profile: name, rehearsal: false)
            // With --json, standard output is the JSON alone: the plan's text and the script's prints go nowhere.
            let state = try ScriptSession.makeState(scriptDirectory: StandardLibrary.parent(of: script), output: json ? { _ in } : nil, safety: safety)
            guard let chunk = ScriptSession.load(state, file: script) else { return ExitStatus.scriptError }
            // `arg` as a run of the script sets it: a plan runs the same top level.
            try state.setGlobal("arg", ScriptSession.argTable(script: script, arguments: arguments, command: "plan"))
            var options = EngineOptions(mode: .plan)
            try options.setStart(start)
            let sheets = ShowReportCollector(module: ShowReportCollector.runSheet)
            if html != nil || json { options.backends.append(sheets) }
            options.screen.muted = json
            let status = try withExtendedLifetime(sheets) {
                try ScriptSession.runMain(state, chunk, args: arguments.map { LuaValue.string($0) }, options: options)
            }
            if json, status == 0 { Console.out((sheets.json.isEmpty ? "[]" : sheets.json) + "\n") }
            if let html, status == 0 {
                guard !sheets.json.isEmpty else { throw UsageError(description: "--html: the script planned no show (no show:run())") }
                do {
                    try RunSheet.document(sheets: sheets.json).write(toFile: html, atomically: true, encoding: .utf8)
                } catch {
                    throw UsageError(description: "--html: cannot write \(html): \(error.localizedDescription)")
                }
                Console.err("showcall: run sheet \(html)\n")
            }
            return status
        }
    }
}

/// A module the show library hands each show's report to, as JSON: `showcall.runsheet` (the
/// run sheet of `plan --html` and `plan --json`, `showcall.show.report.sheet`) and
/// `showcall.timeline` (a rehearsal's timeline for `run --rehearse --json`, `report.timeline`).
final class ShowReportCollector: ShowBackend {
    static let runSheet = "showcall.runsheet", timeline = "showcall.timeline", specResults = "showcall.spec_results"

    let module: String
    /// The reports as they came (`showcall test --junit` reads the specs' outcomes from them).
    private(set) var values: [LuaValue] = []

    init(module: String) { self.module = module }

    /// The reports as a JSON array, or "" when none came.
    var json: String { values.isEmpty ? "" : "[" + values.map(JournalFile.text).joined(separator: ",") + "]" }

    func install(into engine: Engine) throws {
        try engine.preload(module, functions: [LuaModuleFunction(
            "add", doc: "Adds a show's report (\(module)) to what the command prints or writes.", params: [.init("report", "table")], returns: []
        ) { [unowned self] call in
            values.append(try call.argument(1, as: LuaValue.self))
            return .none
        }])
    }
}
