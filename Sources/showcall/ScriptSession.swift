import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// A Lua state set up as `showcall` runs scripts: logging to the console, `require` finding
/// modules beside the script first, then ShowCall's `stdlib/`.
enum ScriptSession {
    static func makeState(scriptDirectory: String?) throws -> LuaState {
        _ = ConsoleLogHandler.bootstrapped
        let state = try LuaState()
        state.prependModulePaths([scriptDirectory, StandardLibrary.directory].compactMap { $0 })
        return state
    }

    /// Runs `function(args...)` as the main task and waits for it; prints a script error as
    /// `lua5.4` does (message, then traceback) and returns the exit status.
    static func runMain(_ state: LuaState, _ function: LuaFunction, args: [any LuaPushable]) throws -> Int32 {
        let task = try state.spawn(function, args: args, name: "main")
        state.loop.run(until: { task.isDone })
        if let error = task.error {
            report(error)
            return ExitStatus.scriptError
        }
        return 0
    }

    static func report(_ error: LuaError) {
        Console.flush()
        let traceback = error.traceback.isEmpty ? "" : "\n" + error.traceback
        Console.err("showcall: \(error.message)\(traceback)\n")
    }
}

/// Where ShowCall's own Lua libraries are: `$SHOWCALL_STDLIB`, else a `stdlib/` (or
/// `share/showcall/stdlib/`) found walking up from the executable.
enum StandardLibrary {
    static let directory: String? = {
        if let env = getenv("SHOWCALL_STDLIB") { return String(cString: env) }
        var dir = executableDirectory()
        for _ in 0 ..< 6 {
            for candidate in ["\(dir)/stdlib", "\(dir)/share/showcall/stdlib"] where isDirectory(candidate) {
                return candidate
            }
            dir = parent(of: dir)
        }
        return nil
    }()

    private static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        return parent(of: String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
