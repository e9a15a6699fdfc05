import Foundation
import ArgumentParser
import LuaHost
import Platforms

/// `--sandbox`, `--allow-dir` and the limits, shared by `run` and `repl`.
struct SafetyOptions: ParsableArguments {
    @Flag(help: "Run scripts in the sandbox: no processes, C modules, binary chunks, debug library or environment; files only in the script's directory and ShowCall's stdlib (read) and --allow-dir directories.")
    var sandbox = false

    @Option(name: .customLong("allow-dir"), help: ArgumentHelp("With the sandbox: a directory scripts may also read and write (repeatable).", valueName: "DIR"))
    var allowDirs: [String] = []

    @Option(name: .customLong("cpu-limit"), parsing: .unconditional, help: ArgumentHelp("Seconds of CPU time Lua code may run without yielding before it is stopped (default 2; 0: no limit).", valueName: "SECONDS"),
            transform: NumberOption.limit(ScriptSafety.cpuSeconds))
    var cpuLimit: Double?

    @Option(name: .customLong("instruction-limit"), parsing: .unconditional, help: ArgumentHelp("Lua instructions code may run without yielding (default 1000000000; 0: no limit).", valueName: "N"),
            transform: NumberOption.integer(.count(0, 1 << 53, unit: "instructions")))
    var instructionLimit: Int?

    @Option(name: .customLong("memory-limit"), parsing: .unconditional, help: ArgumentHelp("Megabytes the Lua state may hold (default 512; 0: no limit).", valueName: "MB"),
            transform: NumberOption.integer(.count(0, 1 << 30, unit: "megabytes")))
    var memoryLimit: Int?

    @Option(name: .customLong("signal-grace"), parsing: .unconditional, help: ArgumentHelp("Seconds a first Ctrl-C or SIGTERM gives the show to abort and run its cleanup before showcall exits anyway, the journal flushed (default 10).", valueName: "SECONDS"),
            transform: NumberOption.real(.seconds))
    var signalGrace: Double?

    /// The options, with the sandbox settings of the profile named (none for the embedded
    /// simulator, or in a rehearsal, which reads no profile).
    func safety(platforms: PlatformDirectory, profile name: String?, rehearsal: Bool) throws -> ScriptSafety {
        try safety(profile: name == nil || rehearsal ? nil : platforms.profile())
    }

    /// What a resumed run gets: what the journal recorded, tightened by what is given now.
    /// Loosening (a higher limit, no limit, a directory the run could not reach) is refused:
    /// resuming must not hand a script more than it started with.
    func resumed(from recorded: ScriptSafety, platforms: PlatformDirectory, profile name: String?) throws -> ScriptSafety {
        let given = try safety(platforms: platforms, profile: name, rehearsal: false)
        var out = recorded
        out.sandbox = recorded.sandbox || given.sandbox
        if !allowDirs.isEmpty || out.sandbox != recorded.sandbox {
            // The record holds real paths: compare the given directories as real paths too.
            let outside = recorded.sandbox ? given.allowedDirectories.filter { !recorded.allowedDirectories.contains(ScriptSafety.realPath($0)) } : []
            guard outside.isEmpty else {
                throw UsageError(description: "--allow-dir \(outside[0]): the run being resumed could not write there; resume may only tighten the sandbox")
            }
            out.allowedDirectories = given.allowedDirectories
        }
        func tighter<T: Comparable>(_ option: String, _ explicit: T?, _ mine: T?, _ theirs: T?) throws -> T? {
            guard explicit != nil else { return theirs }
            if let theirs, mine.map({ $0 > theirs }) ?? true {
                throw UsageError(description: "\(option): the run being resumed had a tighter limit; resume may only tighten the limits")
            }
            return mine
        }
        out.limits.memory = try tighter("--memory-limit", memoryLimit, given.limits.memory, recorded.limits.memory)
        out.limits.instructions = try tighter("--instruction-limit", instructionLimit, given.limits.instructions, recorded.limits.instructions)
        out.limits.seconds = try tighter("--cpu-limit", cpuLimit, given.limits.seconds, recorded.limits.seconds)
        out.signalGrace = given.signalGrace
        return out
    }

    private func safety(profile: Profile?) throws -> ScriptSafety {
        var safety = ScriptSafety()
        let standard = LuaLimits.standard
        safety.limits = LuaLimits(memory: memoryLimit.map { $0 == 0 ? nil : $0 << 20 } ?? standard.memory,
                                  instructions: instructionLimit.map { $0 == 0 ? nil : $0 } ?? standard.instructions,
                                  seconds: cpuLimit.map { $0 == 0 ? nil : $0 } ?? standard.seconds)
        safety.sandbox = sandbox || profile?.sandbox == true
        safety.allowedDirectories = allowDirs + (profile?.allowDirectories ?? [])
        safety.signalGrace = signalGrace ?? safety.signalGrace
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
    /// A CPU limit, as `run` takes it and the journal records it: one rule, so that a run can
    /// always be resumed with the limit it started with.
    static let cpuSeconds = NumberRule(1e-6 ... 31_622_400, unit: "seconds")
    /// How long a first signal waits for the show to abort cleanly before the process exits.
    var signalGrace: Double = 10
    /// The run's journal: never readable or writable in the sandbox (a script could otherwise
    /// forge the entries that `resume` trusts).
    var journal: String?

    init() {}

    /// The journal's record of what the run was allowed, so that `resume` keeps it.
    var journalEntry: LuaValue {
        var recorded = LuaTable()
        recorded["memory"] = limits.memory.map { .integer(Int64($0)) } ?? .nil
        recorded["instructions"] = limits.instructions.map { .integer(Int64($0)) } ?? .nil
        recorded["seconds"] = limits.seconds.map { .number($0) } ?? .nil
        // Real paths: a resume from another working directory means the same directories.
        let dirs = allowedDirectories.map(Self.realPath)
        return .table(LuaTable(["sandbox": .boolean(sandbox), "limits": .table(recorded),
                                "allow_dirs": .table(LuaTable(array: dirs.map { .string($0) }))]))
    }

    /// What a journal recorded, every number checked as it enters; a record missing a field is
    /// refused, not read as "no sandbox, no limits".
    init(journal entry: LuaValue, at place: String) throws {
        guard case .table(let t) = entry, case .boolean = t["sandbox"], case .table = t["limits"], case .table = t["allow_dirs"] else {
            throw UsageError(description: "\(place): the run's safety record (sandbox, limits, allow_dirs) is missing or incomplete; this journal cannot be resumed safely")
        }
        func number(_ key: String, _ rule: NumberRule) throws -> Double? {
            let value = t["limits"].field(key)
            if value == .nil { return nil }
            guard let d = value.number else { throw UsageError(description: "\(place): safety.limits.\(key) must be a number") }
            do { return try rule.check(d, "safety.limits.\(key)") } catch { throw UsageError(description: "\(place): \(error)") }
        }
        sandbox = t["sandbox"] == .boolean(true)
        if case .table(let dirs) = t["allow_dirs"] { allowedDirectories = dirs.array.compactMap(\.text) }
        limits = LuaLimits(memory: try number("memory", .count(1, 1 << 50, unit: "bytes")).map { Int($0) },
                           instructions: try number("instructions", .count(1, 1 << 53, unit: "instructions")).map { Int($0) },
                           seconds: try number("seconds", Self.cpuSeconds))
    }

    /// `dir` as a real path, or as given where it does not resolve (the sandbox refuses it then).
    static func realPath(_ dir: String) -> String {
        realpath(dir, nil).map { p in defer { free(p) }; return String(cString: p) } ?? dir
    }

    /// The tightest of several records (a run's start and each resume's): sandboxed if any was,
    /// the directories all of them allowed, each limit the lowest.
    static func tightest(_ records: [ScriptSafety]) -> ScriptSafety {
        var out = records[0]
        for r in records.dropFirst() {
            out.sandbox = out.sandbox || r.sandbox
            out.allowedDirectories = out.allowedDirectories.filter(r.allowedDirectories.contains)
            func lower<T: Comparable>(_ a: T?, _ b: T?) -> T? { a.map { a in b.map { min(a, $0) } ?? a } ?? b }
            out.limits.memory = lower(out.limits.memory, r.limits.memory)
            out.limits.instructions = lower(out.limits.instructions, r.limits.instructions)
            out.limits.seconds = lower(out.limits.seconds, r.limits.seconds)
        }
        return out
    }

    /// The sandbox's directories: the script's and the stdlib to read, the allowed ones to write.
    /// `readDirectories`: where `require` looks (the script's folder, its `lib/`, `$SHOWCALL_PATH`, stdlib).
    func policy(readDirectories: [String]) -> SandboxPolicy? {
        guard sandbox else { return nil }
        // A missing lib/ or $SHOWCALL_PATH entry holds nothing to read; only named write directories must exist.
        return SandboxPolicy(readDirectories: readDirectories.filter(StandardLibrary.isDirectory), writeDirectories: allowedDirectories,
                             deniedFiles: ProfileLoader.defaultFiles() + (journal.map { [$0] } ?? []))
    }
}
