import Foundation
import LuaHost
import Testing

/// A sandboxed state over a scratch layout: `script/` (read), `data/` (read and write),
/// `outside/` (neither) with `outside/secret.txt` and `outside/evil.lua`, `script/escape` a
/// symbolic link to `outside/secret.txt`, `script/mod.so` an empty "C module", and
/// `script/bin.lua` a compiled (binary) chunk.
private final class Sandboxed {
    let lua: CapturedState
    let root: URL
    var script: String { root.appendingPathComponent("script").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-sandbox-\(UUID().uuidString)")
        let fm = FileManager.default
        for dir in ["script", "data", "outside"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try "top secret\n".write(to: root.appendingPathComponent("outside/secret.txt"), atomically: true, encoding: .utf8)
        try "return 'evil'\n".write(to: root.appendingPathComponent("outside/evil.lua"), atomically: true, encoding: .utf8)
        try "cue list\n".write(to: root.appendingPathComponent("script/cues.txt"), atomically: true, encoding: .utf8)
        try "return { name = 'helper' }\n".write(to: root.appendingPathComponent("script/helper.lua"), atomically: true, encoding: .utf8)
        try Data().write(to: root.appendingPathComponent("script/mod.so"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("script/escape").path,
                                  withDestinationPath: root.appendingPathComponent("outside/secret.txt").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("data/dangling").path,
                                  withDestinationPath: root.appendingPathComponent("outside/new.txt").path)
        // A binary chunk, compiled by a state without the sandbox.
        let compiler = try LuaState()
        let bytes = try compiler.run("return string.dump(function() return 'binary' end)").first
        guard case .string(let chunk)? = bytes else { throw LuaHostError.conversion("no chunk") }
        try Data(chunk.bytes).write(to: root.appendingPathComponent("script/bin.lua"))

        lua = try CapturedState()
        lua.state.prependModulePaths([script])
        try lua.state.setGlobal("ROOT", root.path)
        try lua.state.setGlobal("BIN", LuaValue.string(chunk))
        try LuaSandbox.install(in: lua.state, policy: SandboxPolicy(
            readDirectories: [script], writeDirectories: [root.appendingPathComponent("data").path]))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The error message of running `code` as a task (chunk `sandbox.lua`), or "(no error)".
    func error(_ code: String) throws -> String {
        let task = try lua.runTask(code, name: "@sandbox.lua")
        return task.error?.message ?? "(no error)"
    }
}

@Suite("The sandbox: what a sandboxed script cannot reach")
struct SandboxTests {
    @Test("each blocked function raises an error naming it and the script's line", arguments: [
        ("os.execute('true')", "os.execute"),
        ("io.popen('ls')", "io.popen"),
        ("package.loadlib('libc.so.6', 'puts')", "package.loadlib"),
        ("os.exit(3)", "os.exit"),
        ("os.remove(ROOT .. '/outside/secret.txt')", "os.remove"),
        ("os.rename(ROOT .. '/outside/secret.txt', ROOT .. '/data/s')", "os.rename"),
        ("os.tmpname()", "os.tmpname"),
        ("os.getenv('HOME')", "os.getenv"),
        ("string.dump(print)", "string.dump"),
        ("(''):dump()", "string.dump"),
        ("debug.getinfo(1)", "debug.getinfo"),
        ("debug.sethook()", "debug.sethook"),
        ("require('debug').getregistry()", "debug.getregistry"),
        ("pcall(os.execute, 'true') error(select(2, pcall(os.execute)), 0)", "os.execute"),
    ])
    func blockedFunction(code: String, capability: String) throws {
        let s = try Sandboxed()
        #expect(try s.error("local x = 1\n" + code) == "sandbox.lua:2: \(capability) is blocked by the sandbox")
    }

    @Test("C modules: require never looks at package.cpath (an unsandboxed state tries the .so)")
    func cModules() throws {
        let s = try Sandboxed()
        let message = try s.error("package.cpath = ROOT .. '/script/?.so'\nrequire 'mod'")
        #expect(message.hasPrefix("sandbox.lua:2: module 'mod' not found"))
        #expect(!message.contains("mod.so"))
        let plain = try CapturedState()
        try plain.state.setGlobal("ROOT", s.root.path)
        let task = try plain.runTask("package.cpath = ROOT .. '/script/?.so'\nrequire 'mod'", name: "@plain.lua")
        #expect(task.error?.message.contains("mod.so") == true)
    }

    @Test("binary chunks: load, loadfile, dofile and require refuse them", arguments: [
        ("load(BIN)", "loading a binary chunk is blocked by the sandbox"),
        ("load(BIN, 'x', 'b')", "loading a binary chunk is blocked by the sandbox"),
        ("loadfile(ROOT .. '/script/bin.lua', 'b')", "loadfile of a binary chunk is blocked by the sandbox"),
        ("dofile(ROOT .. '/script/bin.lua')", "dofile of a binary chunk is blocked by the sandbox"),
        ("require 'bin'", "require 'bin' of a binary chunk is blocked by the sandbox"),
    ])
    func binaryChunks(code: String, message: String) throws {
        let s = try Sandboxed()
        let error = try s.error("local x = 1\n" + code)
        #expect(error.hasPrefix("sandbox.lua:2: \(message)"), "\(error)")
    }

    @Test("files outside the allowed directories, by path, by .. and by a symbolic link", arguments: [
        "io.open(ROOT .. '/outside/secret.txt')",
        "io.open(ROOT .. '/script/../outside/secret.txt')",
        "io.open(ROOT .. '/script/escape')",
        "io.lines(ROOT .. '/script/escape')",
        "io.input(ROOT .. '/outside/secret.txt')",
        "io.open('/etc/hostname')",
        "loadfile(ROOT .. '/outside/evil.lua')",
        "dofile(ROOT .. '/script/../outside/evil.lua')",
    ])
    func outsideReads(code: String) throws {
        let s = try Sandboxed()
        let error = try s.error(code)
        #expect(error.hasPrefix("sandbox.lua:"), "\(error)")
        #expect(error.contains(" is blocked by the sandbox: "), "\(error)")
        #expect(error.contains("does not lead inside the directories it may read"), "\(error)")
    }

    @Test("require finds nothing outside the allowed directories, and says so the same way whether or not a file is there")
    func outsideRequire() throws {
        let s = try Sandboxed()
        let there = try s.error("package.path = ROOT .. '/outside/?.lua'\nrequire 'evil'")
        let absent = try s.error("package.path = ROOT .. '/outside/?.lua'\nrequire 'nothing'")
        #expect(there.hasPrefix("sandbox.lua:2: module 'evil' not found:"), "\(there)")
        #expect(there.contains("/outside/evil.lua' (blocked by the sandbox)"), "\(there)")
        #expect(absent.contains("/outside/nothing.lua' (blocked by the sandbox)"), "\(absent)")
    }

    @Test("writes only in the writable directories; never through a dangling link", arguments: [
        ("io.open(ROOT .. '/script/new.txt', 'w')", "does not lead inside the directories it may write"),
        ("io.open(ROOT .. '/script/cues.txt', 'a')", "does not lead inside the directories it may write"),
        ("io.open(ROOT .. '/data/../outside/new.txt', 'w')", "does not lead inside the directories it may write"),
        ("io.output(ROOT .. '/outside/log.txt')", "does not lead inside the directories it may write"),
        ("io.open(ROOT .. '/data/dangling', 'w')", "does not lead inside the directories it may write"),
    ])
    func outsideWrites(code: String, reason: String) throws {
        let s = try Sandboxed()
        let error = try s.error(code)
        #expect(error.contains(" is blocked by the sandbox: "), "\(error)")
        #expect(error.contains(reason), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("outside/new.txt").path))
    }

    @Test("what stays allowed: files inside, modules beside the script, text chunks, debug.traceback")
    func allowed() throws {
        let s = try Sandboxed()
        let task = try s.lua.runTask("""
            print(io.open(ROOT .. '/script/cues.txt'):read('l'))
            for l in io.lines(ROOT .. '/script/cues.txt') do print(l) end
            local f = assert(io.open(ROOT .. '/data/log.txt', 'w')) f:write('ok') f:close()
            print(io.open(ROOT .. '/data/log.txt'):read('a'))
            print(require('helper').name, load('return 1 + 1')(), type(debug.traceback()))
            print(io.open(ROOT .. '/script/missing.txt'))
            """, name: "@sandbox.lua")
        #expect(task.status == .finished, "\(task.error?.message ?? "")")
        #expect(s.lua.output == """
            cue list
            cue list
            ok
            helper\t2\tstring
            nil\t\(s.root.path)/script/missing.txt: No such file or directory\t2

            """)
    }

    @Test("a missing allowed directory is refused when the sandbox is made")
    func missingDirectory() throws {
        let lua = try LuaState()
        #expect(throws: LuaSandbox.DirectoryError.self) {
            try LuaSandbox.install(in: lua, policy: SandboxPolicy(readDirectories: ["/no/such/dir"]))
        }
    }
}
