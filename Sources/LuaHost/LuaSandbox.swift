import LuaShim
#if canImport(Glibc)
import Glibc
#endif

/// Where a sandboxed script may read and write files. Paths are compared after `realpath`, so
/// neither `..` nor a symbolic link leads out of them.
public struct SandboxPolicy: Sendable, Equatable {
    /// Directories whose files scripts may read (`io.open` for reading, `io.lines`, `loadfile`,
    /// `dofile`, `require`).
    public var readDirectories: [String]
    /// Directories whose files scripts may also write (`io.open` with "w", "a" or "+", `io.output`).
    public var writeDirectories: [String]

    /// Files never readable, wherever they are: the profile files the run knows of (every
    /// `showcall.toml` is refused by name as well).
    public var deniedFiles: [String]

    public init(readDirectories: [String], writeDirectories: [String] = [], deniedFiles: [String] = []) {
        self.readDirectories = readDirectories
        self.writeDirectories = writeDirectories
        self.deniedFiles = deniedFiles
    }
}

/// Takes from a state's Lua libraries what a script could use to leave it. Blocked: `os.execute`,
/// `os.exit`, `os.remove`, `os.rename`, `os.tmpname`, `os.getenv` (the environment holds the
/// profiles' secrets), `io.popen`, `package.loadlib`, C modules (the C searchers and
/// `package.cpath`), binary chunks (`load`, `loadfile`, `dofile` and `require` read text only),
/// `string.dump`, and the `debug` library but `debug.traceback`. Files are reachable only inside
/// the policy's directories. A blocked call raises `chunk:line: os.execute is blocked by the
/// sandbox`, naming the line of the script that made it.
public enum LuaSandbox {
    public static func install(in state: LuaState, policy: SandboxPolicy) throws {
        let rules = try Rules(policy)
        // Containment before fidelity: a looping __gc is stopped too (shim_guardfinalizers).
        if state.limits.hasBudget { shim_guardfinalizers(state.L) }
        let chunk = try state.load(PackageResources.sandbox_lua, name: "=[showcall sandbox]")
        let s = state.stack
        chunk.push(onto: s)
        s.push(function: "sandbox.check") { call in
            // The path as Lua holds it: bytes, never decoded, so what is checked is what fopen opens.
            let path = try call.argument(1, as: LuaString.self)
            let write = try call.argument(2, as: Bool.self)
            if let refusal = rules.refusal(path.bytes, write: write) {
                return try call.returning(false, refusal)
            }
            return try call.returning(true)
        }
        // The originals the host's own Lua (the REPL's help) still uses.
        lua_createtable(state.L, 0, 2)
        lua_pushvalue(state.L, -1)
        lua_setfield(state.L, shim_registryindex(), unsandboxedKey)
        let status = shim_pcall(state.L, 2, 0)
        if status != LUA_OK { throw state.popProtectedError(status: status, on: s) }
    }

    public struct DirectoryError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "sandbox directory \(path): \(reason)" }
    }

    /// The policy with every directory resolved, as bytes.
    struct Rules: Sendable {
        let reads: [[UInt8]]
        let writes: [[UInt8]]
        let denied: [[UInt8]]

        init(_ policy: SandboxPolicy) throws {
            reads = try policy.readDirectories.map(LuaSandbox.resolveDirectory)
            writes = try policy.writeDirectories.map(LuaSandbox.resolveDirectory)
            denied = policy.deniedFiles.map { Array($0.utf8) }
        }

        /// Why `path` may not be opened, or nil when it may. Fails closed: a path that cannot
        /// be resolved (a missing directory, a loop, a name too long) is refused, because the
        /// check cannot tell where it leads. Every refusal but a denied file's reads the same,
        /// with the path as given: whether something exists out there, or where a link leads,
        /// is not for the script to learn.
        func refusal(_ path: [UInt8], write: Bool) -> String? {
            let shown = String(decoding: path, as: UTF8.self)
            let dirs = write ? writes : reads + writes
            let listed = dirs.isEmpty ? "none" : dirs.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
            let outside = "'\(shown)' does not lead inside the directories it may \(write ? "write" : "read") (\(listed))"
            guard !path.contains(0), let resolved = LuaSandbox.resolve(path) else { return outside }
            let name = resolved.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? []
            // Denied files are resolved now, not at install: a journal is made after the sandbox.
            let isDenied = denied.contains { LuaSandbox.resolve($0) == resolved }
            if isDenied || name == Array(profileFileName.utf8) {
                return "'\(shown)' is a file of the run's own (a profile, which holds credentials, or its journal)"
            }
            if dirs.contains(where: { LuaSandbox.isInside(resolved, $0) }) { return nil }
            return outside
        }
    }

    /// The name every profile file has (`showcall.toml`): never readable in the sandbox, whatever
    /// directory it is in, since it may hold credentials in the clear.
    public static let profileFileName = "showcall.toml"

    static func isInside(_ path: [UInt8], _ dir: [UInt8]) -> Bool {
        if dir == [UInt8(ascii: "/")] { return path.first == UInt8(ascii: "/") }
        return path == dir || (path.starts(with: dir) && path.count > dir.count && path[dir.count] == UInt8(ascii: "/"))
    }

    private static func resolveDirectory(_ path: String) throws -> [UInt8] {
        guard let resolved = realPath(Array(path.utf8)) else {
            throw DirectoryError(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard withCString(resolved, { stat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DirectoryError(path: path, reason: "not a directory")
        }
        return resolved
    }

    /// The file's real path; for a file yet to be created, its directory's real path and its
    /// name. Nil where that cannot be told: a missing directory on the way, a loop, a symbolic
    /// link to nothing (writing through it would create a file wherever it leads).
    static func resolve(_ path: [UInt8]) -> [UInt8]? {
        if let real = realPath(path) { return real }
        guard errno == ENOENT else { return nil }
        var info = stat()
        if withCString(path, { lstat($0, &info) }) == 0 { return nil } // it exists, but leads nowhere (yet)
        let slash = path.lastIndex(of: UInt8(ascii: "/"))
        let name = slash.map { Array(path[($0 + 1)...]) } ?? path
        let dir = slash.map { $0 == 0 ? [UInt8(ascii: "/")] : Array(path[..<$0]) } ?? [UInt8(ascii: ".")]
        guard !name.isEmpty, name != [UInt8(ascii: ".")], name != [UInt8(ascii: "."), UInt8(ascii: ".")],
              let real = realPath(dir) else { return nil }
        return real == [UInt8(ascii: "/")] ? real + name : real + [UInt8(ascii: "/")] + name
    }

    static func realPath(_ path: [UInt8]) -> [UInt8]? {
        guard let p = withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(p) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
    }

    /// Calls `body` with the bytes as a C string (the caller has refused embedded NULs).
    private static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    static let unsandboxedKey = "showcall.unsandboxed"

}

extension LuaState {
    /// A library function as it was before the sandbox replaced it ("debug.getinfo", "io.open"),
    /// for the host's own Lua; nil when the state has no sandbox.
    public func unsandboxed(_ name: String) -> LuaFunction? {
        let s = stack
        let base = s.top
        defer { s.setTop(base) }
        guard lua_getfield(L, shim_registryindex(), LuaSandbox.unsandboxedKey) == LUA_TTABLE,
              lua_getfield(L, -1, name) == LUA_TFUNCTION else { return nil }
        return LuaFunction(state: self, stack: s, at: -1)
    }
}
