import Foundation
import Testing

/// A C module a script `require`s from package.cpath, as under `lua5.4`: it binds to the Lua
/// ShowCall embeds, whose C API the executable exports (LuaShim's lua_api.list).
@Suite("C modules: require loads them from package.cpath, the sandbox refuses them")
struct CModuleTests {
    /// CModule/probe.c built into `dir` as probe.so, with the toolchain's clang against Debian's
    /// Lua headers, as Debian builds its lua-* packages: no Lua library linked in.
    static func buildProbe(in dir: URL) throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CModule/probe.c")
        let clang = Process()
        clang.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        clang.arguments = ["clang", "-shared", "-fPIC", "-O2", "-I/usr/include/lua5.4", "-o",
                           dir.appendingPathComponent("probe.so").path, source.path]
        let err = Pipe()
        clang.standardError = err
        try clang.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        clang.waitUntilExit()
        try #require(clang.terminationStatus == 0, "clang could not build probe.so: \(message)")
    }

    @Test("its functions run, its errors and bad arguments reach pcall, it calls back into Lua, also in a task")
    func loads() throws {
        let dir = try scratch(["show.lua": """
            package.cpath = "./?.so;" .. package.cpath
            local probe = require "probe"
            local sc = require "showcall"
            print("add", probe.add(2, 3))
            print("fail", pcall(probe.fail, "bad cue"))
            print("arg", pcall(probe.add, "x", 1))
            print("call", probe.call(function() return "back" end))
            print("task", sc.join(sc.spawn(function() return probe.add(40, 2) end)))
            print("wait", pcall(probe.call, function() sc.sleep(0.01) end))
            """])
        try Self.buildProbe(in: dir)
        let r = try ShowCallProcess.run(["run", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(5)) == [
            "add\t5",
            "fail\tfalse\tprobe failed: bad cue",
            "arg\tfalse\tbad argument #1 to 'probe.add' (number expected, got string)",
            "call\tback",
            "task\t42",
        ], "\(r.stdout)\n\(r.stderr)")
        // A wait inside a C function's callback cannot yield through it: said, not a crash.
        #expect(lines.count == 6 && lines[5].hasPrefix("wait\tfalse\tshow.lua:9: cannot wait here"), "\(r.stdout)")
    }

    @Test("under the sandbox none loads, whatever package.cpath says, and require says why")
    func sandboxed() throws {
        let dir = try scratch(["show.lua": """
            print(pcall(package.loadlib, "./probe.so", "luaopen_probe"))
            package.cpath = "./?.so"
            require "probe"
            """])
        try Self.buildProbe(in: dir)
        let r = try ShowCallProcess.run(["run", "--sandbox", "show.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "false\tshow.lua:1: package.loadlib is blocked by the sandbox\n")
        #expect(r.stderr.contains("module 'probe' not found"), "\(r.stderr)")
        #expect(r.stderr.contains("no C module 'probe': the sandbox loads Lua files only"), "\(r.stderr)")
    }
}
