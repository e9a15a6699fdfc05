import LuaShim

/// Limits on what the Lua code of one state may take, enforced by the C shim (see `shim_newstate`).
/// A `nil` limit is no limit.
///
/// - `memory`: bytes the state may hold while Lua code runs. An allocation beyond it fails as
///   Lua's own out-of-memory error ("not enough memory"), which `pcall` catches; a task it ends
///   reports `chunk:line: out of memory (limit N MB)`.
/// - `instructions` and `seconds`: what one slice may run without yielding (seconds of the CPU
///   time of the thread running Lua, so that a busy machine does not count against a script).
///   A slice starts each time the host resumes a task or calls into Lua, and ends when it yields
///   (awaits) or returns; the script's own coroutines run inside the slice of the task that
///   resumes them. Past either limit the running code raises `chunk:line: ran for 1.00 s without
///   yielding (limit 1 s)`, and every further instruction of that slice raises again, so a
///   `pcall` cannot swallow it.
///   Time spent inside one C function (a long `string.rep`, a pattern match) is not interrupted.
public struct LuaLimits: Sendable, Equatable {
    public var memory: Int?
    public var instructions: Int?
    public var seconds: Double?

    public init(memory: Int? = nil, instructions: Int? = nil, seconds: Double? = nil) {
        self.memory = memory
        self.instructions = instructions
        self.seconds = seconds
    }

    /// Whether slices are counted: an instruction or time limit.
    var hasBudget: Bool { instructions != nil || seconds != nil }

    /// No limits: what a bare `LuaState()` gets.
    public static let none = LuaLimits()

    /// What `showcall` runs scripts with unless told otherwise: 512 MB, one second and a billion
    /// instructions (a few seconds of pure Lua) without yielding.
    /// Two seconds of CPU: a show's tasks run in slices of milliseconds, so a runaway one is still
    /// stopped long before it matters, and a plain script that never waits (Lua's own test suite
    /// takes about one second of CPU in a debug build) has room on a slow or loaded machine.
    public static let standard = LuaLimits(memory: 512 << 20, instructions: 1_000_000_000, seconds: 2)

    var shim: shim_Limits {
        shim_Limits(memory: memory.map { size_t(max($0, 1)) } ?? 0,
                    instructions: instructions.map { UInt64(max($0, 1)) } ?? 0,
                    nanoseconds: seconds.map { UInt64(min(max($0 * 1e9, 1), 1e18)) } ?? 0)
    }

    /// "512 MB", or a byte count below a megabyte.
    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}
