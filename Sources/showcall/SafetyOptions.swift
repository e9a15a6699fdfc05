import ArgumentParser
import LuaHost
import Platforms

/// `--sandbox`, `--allow-dir` and the limits, shared by `run` and `repl`.
struct SafetyOptions: ParsableArguments {
    @Flag(help: "Run scripts in the sandbox: no processes, C modules, binary chunks, debug library or environment; files only in the script's directory and ShowCall's stdlib (read) and --allow-dir directories.")
    var sandbox = false

    @Option(name: .customLong("allow-dir"), help: ArgumentHelp("With the sandbox: a directory scripts may also read and write (repeatable).", valueName: "DIR"))
    var allowDirs: [String] = []

    @Option(name: .customLong("cpu-limit"), help: ArgumentHelp("Seconds Lua code may run without yielding before it is stopped (default 1; 0: no limit).", valueName: "SECONDS"))
    var cpuLimit: Double?

    @Option(name: .customLong("instruction-limit"), help: ArgumentHelp("Lua instructions code may run without yielding (default 1000000000; 0: no limit).", valueName: "N"))
    var instructionLimit: Int?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("Megabytes the Lua state may hold (default 512; 0: no limit).", valueName: "MB"))
    var memoryLimit: Int?

    func validate() throws {
        if let cpuLimit, !(cpuLimit >= 0 && cpuLimit.isFinite) { throw ValidationError("--cpu-limit must be 0 or more seconds") }
        if let instructionLimit, instructionLimit < 0 { throw ValidationError("--instruction-limit must be 0 or more") }
        if let memoryLimit, memoryLimit < 0 || memoryLimit > 1 << 30 { throw ValidationError("--memory-limit must be between 0 and \(1 << 30) megabytes") }
    }

    /// The options, with the sandbox settings of the profile named (none for the embedded
    /// simulator, or in a rehearsal, which reads no profile).
    func safety(platforms: PlatformDirectory, profile name: String?, rehearsal: Bool) throws -> ScriptSafety {
        try safety(profile: name == nil || rehearsal ? nil : platforms.profile())
    }

    private func safety(profile: Profile?) throws -> ScriptSafety {
        var safety = ScriptSafety()
        let standard = LuaLimits.standard
        safety.limits = LuaLimits(memory: memoryLimit.map { $0 == 0 ? nil : $0 << 20 } ?? standard.memory,
                                  instructions: instructionLimit.map { $0 == 0 ? nil : $0 } ?? standard.instructions,
                                  seconds: cpuLimit.map { $0 == 0 ? nil : $0 } ?? standard.seconds)
        safety.sandbox = sandbox || profile?.sandbox == true
        safety.allowedDirectories = allowDirs + (profile?.allowDirectories ?? [])
        if !safety.sandbox, !allowDirs.isEmpty {
            throw UsageError(description: "--allow-dir needs --sandbox (or sandbox = true in the profile)")
        }
        return safety
    }
}

/// What a script may take and reach: the limits, and the sandbox if it is on.
struct ScriptSafety {
    var limits = LuaLimits.standard
    var sandbox = false
    /// Directories a sandboxed script may also read and write.
    var allowedDirectories: [String] = []

    /// The sandbox's directories: the script's and the stdlib to read, the allowed ones to write.
    /// `readDirectories`: where `require` looks (the script's folder, its `lib/`, `$SHOWCALL_PATH`, stdlib).
    func policy(readDirectories: [String]) -> SandboxPolicy? {
        guard sandbox else { return nil }
        // A missing lib/ or $SHOWCALL_PATH entry holds nothing to read; only named write directories must exist.
        return SandboxPolicy(readDirectories: readDirectories.filter(StandardLibrary.isDirectory), writeDirectories: allowedDirectories)
    }
}
