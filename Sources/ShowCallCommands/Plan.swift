import ArgumentParser
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

    @Option(help: ArgumentHelp("Plan as if the show started at this time of day (HH:MM, ISO-8601 or epoch).", valueName: "TIME"))
    var start: String?

    @Option(help: ArgumentHelp("The profile whose sandbox settings apply (default: $SHOWCALL_PROFILE); plan calls no platform.", valueName: "NAME"))
    var profile: String?

    @OptionGroup var safetyOptions: SafetyOptions

    @Argument(help: "The show script.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func run() throws {
        try reportingErrors {
            if access(script, R_OK) != 0 {
                throw UsageError(description: "cannot open \(script): \(String(cString: strerror(errno)))")
            }
            // The script's top level runs: the same sandbox and limits as a run of it.
            let name = PlatformTarget.selectedProfile(profile)
            let safety = try safetyOptions.safety(platforms: try PlatformTarget.directory(profile: name, rehearsal: false), profile: name, rehearsal: false)
            let state = try ScriptSession.makeState(scriptDirectory: StandardLibrary.parent(of: script), safety: safety)
            guard let chunk = ScriptSession.load(state, file: script) else { return ExitStatus.scriptError }
            let options = EngineOptions(mode: .plan, start: try EngineOptions.startTime(start))
            return try ScriptSession.runMain(state, chunk, args: arguments.map { LuaValue.string($0) }, options: options)
        }
    }
}
