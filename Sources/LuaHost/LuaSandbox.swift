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

    public init(readDirectories: [String], writeDirectories: [String] = []) {
        self.readDirectories = readDirectories
        self.writeDirectories = writeDirectories
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
        let reads = try policy.readDirectories.map(resolveDirectory)
        let writes = try policy.writeDirectories.map(resolveDirectory)
        let chunk = try state.load(source, name: "=[showcall sandbox]")
        let s = state.stack
        chunk.push(onto: s)
        s.push(function: "sandbox.check") { call in
            let path = try call.argument(1, as: String.self)
            let write = try call.argument(2, as: Bool.self)
            if let refusal = refusal(path, write: write, reads: reads, writes: writes) {
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

    private static func resolveDirectory(_ path: String) throws -> String {
        guard let resolved = realPath(path) else {
            throw DirectoryError(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DirectoryError(path: path, reason: "not a directory")
        }
        return resolved
    }

    /// Why `path` may not be opened, or nil when it may.
    static func refusal(_ path: String, write: Bool, reads: [String], writes: [String]) -> String? {
        let dirs = write ? writes : reads + writes
        switch resolve(path) {
        case .missing:
            return nil // a directory on the way does not exist: opening fails as it would anyway
        case .dangling:
            return "a symbolic link to a file that does not exist"
        case .path(let resolved):
            if dirs.contains(where: { resolved == $0 || resolved.hasPrefix($0 == "/" ? "/" : $0 + "/") }) { return nil }
            let listed = dirs.isEmpty ? "none" : dirs.joined(separator: ", ")
            return "\(resolved) is outside the directories it may \(write ? "write" : "read") (\(listed))"
        }
    }

    private enum Resolved {
        case path(String)
        case missing
        case dangling
    }

    /// The file's real path; for a file yet to be created, its directory's real path and its name.
    private static func resolve(_ path: String) -> Resolved {
        if let real = realPath(path) { return .path(real) }
        guard errno == ENOENT else { return .missing }
        var info = stat()
        if lstat(path, &info) == 0 { return .dangling } // it exists, but leads nowhere (yet)
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard !name.isEmpty, name != ".", name != "..", let real = realPath(dir) else { return .missing }
        return .path(real == "/" ? "/" + name : real + "/" + name)
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static let unsandboxedKey = "showcall.unsandboxed"

    static let source = #"""
    local check, originals = ...
    local getinfo, traceback = debug.getinfo, debug.traceback
    local error, type, tostring, setmetatable = error, type, tostring, setmetatable
    local SELF = getinfo(1, "S").source
    originals["debug.getinfo"] = getinfo
    originals["io.open"] = io.open

    -- "chunk:line: " of the script code that called in: the first Lua frame not of this chunk.
    local function where()
      for level = 3, 200 do
        local info = getinfo(level, "Sl")
        if not info then break end
        if info.currentline > 0 and info.source ~= SELF then
          return info.short_src .. ":" .. info.currentline .. ": "
        end
      end
      return ""
    end

    local function blocked(what, why)
      error(where() .. what .. " is blocked by the sandbox" .. (why and (": " .. why) or ""), 0)
    end

    for lib, names in pairs {
      [os] = { "os", "execute", "exit", "remove", "rename", "tmpname", "getenv" },
      [io] = { "io", "popen" },
      [package] = { "package", "loadlib" },
      [string] = { "string", "dump" },
    } do
      for i = 2, #names do
        local what = names[1] .. "." .. names[i]
        lib[names[i]] = function() blocked(what) end
      end
    end

    local safe_debug = setmetatable({ traceback = traceback }, {
      __index = function(_, key) blocked("debug." .. tostring(key)) end,
      __metatable = false,
    })
    debug, package.loaded.debug = safe_debug, safe_debug

    -- Files: a string (or number) names a file, which must be inside the allowed directories.
    local function allow(what, name, write)
      if type(name) == "number" then name = tostring(name) end
      if type(name) ~= "string" then return end -- the original reports a bad argument
      local ok, why = check(name, write)
      if not ok then blocked(what .. " '" .. name .. "'", why) end
    end

    local open, lines, input, output = io.open, io.lines, io.input, io.output
    function io.open(name, mode)
      allow("io.open", name, type(mode) == "string" and mode:find("[wa+]") ~= nil)
      return open(name, mode)
    end
    function io.lines(name, ...)
      allow("io.lines", name, false)
      return lines(name, ...)
    end
    function io.input(file)
      allow("io.input", file, false)
      return input(file)
    end
    function io.output(file)
      allow("io.output", file, true)
      return output(file)
    end

    -- Binary chunks: everything loads in text mode; Lua's refusal becomes the sandbox's.
    local function binary(err)
      return type(err) == "string" and err:find("^attempt to load a binary chunk") ~= nil
    end

    local load_, loadfile_ = load, loadfile
    -- `...` passes env on only when given: an explicit nil env is an empty _ENV.
    function load(chunk, name, mode, ...)
      local f, err = load_(chunk, name, "t", ...)
      if not f and binary(err) then blocked("loading a binary chunk") end
      return f, err
    end

    local function loadtext(what, name, ...)
      allow(what, name, false)
      local f, err = loadfile_(name, "t", ...)
      if not f and binary(err) then blocked(what .. " of a binary chunk", name) end
      return f, err
    end
    function loadfile(name, mode, ...)
      return loadtext("loadfile", name, ...)
    end
    function dofile(name)
      local f, err = loadtext("dofile", name)
      if not f then error(err, 0) end
      return f()
    end

    -- require: modules preloaded by the host, and Lua files inside the allowed directories.
    local searchpath = package.searchpath
    local function search_lua(name)
      local path, err = searchpath(name, package.path)
      if not path then return err end
      local f, lerr = loadtext("require '" .. name .. "'", path)
      if not f then
        error(("error loading module '%s' from file '%s':\n\t%s"):format(name, path, lerr), 0)
      end
      return f, path
    end
    package.searchers = { package.searchers[1], search_lua }
    package.cpath = ""
    """#
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
