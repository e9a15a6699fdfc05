import Foundation
import Testing

@Suite("showcall run --sandbox and the limits, end to end")
struct SandboxCommandTests {
    @Test("os.execute under --sandbox: exit 1, naming the script, the line and the capability")
    func blockedExecute() throws {
        let dir = try scratch(["show.lua": "print('before')\nos.execute('touch executed')\n"])
        let r = try ShowCallProcess.run(["run", "--sandbox", "show.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "before\n")
        #expect(r.stderr.hasPrefix("showcall: show.lua:2: os.execute is blocked by the sandbox\nstack traceback:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("executed").path))
    }

    @Test("the stdlib works under the sandbox; --allow-dir opens a directory to write")
    func stdlibAndAllowDir() throws {
        let dir = try scratch(["show.lua": """
            local sc, show = require "showcall", require "showcall.show"
            sc.sleep(0.01)
            local f = assert(io.open(arg[1] .. "/log.txt", "w")) f:write("logged") f:close()
            print(type(show.new), io.open(arg[1] .. "/log.txt"):read("a"))
            """, "out/.keep": ""])
        let out = dir.appendingPathComponent("out").path
        let r = try ShowCallProcess.run(["run", "--sandbox", "--allow-dir", out, "show.lua", out], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "function\tlogged\n")
        let refused = try ShowCallProcess.run(["run", "--sandbox", "show.lua", out], in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("show.lua:3: io.open '\(out)/log.txt' is blocked by the sandbox"), "\(refused.stderr)")
    }

    @Test("sandbox = true in the profile sandboxes the run, allow_dirs relative to the profile file")
    func profileSetting() throws {
        let dir = try scratch([
            "showcall.toml": "[locked]\nsandbox = true\nallow_dirs = [\"out\"]\n",
            "show.lua": "io.open('out/x.txt', 'w'):close()\nprint(pcall(os.getenv, 'HOME'))\n",
            "out/.keep": "",
        ])
        let r = try ShowCallProcess.run(["run", "--profile", "locked", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "false\tshow.lua:2: os.getenv is blocked by the sandbox\n")
    }

    @Test("--cpu-limit stops a runaway loop with its line; --memory-limit turns a bomb into an error")
    func limits() throws {
        let dir = try scratch([
            "spin.lua": "local n = 0\nwhile true do n = n + 1 end\n",
            "bomb.lua": "local t = {}\nfor i = 1, math.huge do t[i] = ('x'):rep(100) .. i end\n",
        ])
        let spin = try ShowCallProcess.run(["run", "--cpu-limit", "0.2", "spin.lua"], in: dir)
        #expect(spin.status == 1)
        #expect(spin.stderr.hasPrefix("showcall: spin.lua:2: ran for 0."), "\(spin.stderr)")
        #expect(spin.stderr.contains(" s without yielding (limit 0.2 s)"))
        let bomb = try ShowCallProcess.run(["run", "--memory-limit", "16", "bomb.lua"], in: dir)
        #expect(bomb.status == 1)
        #expect(bomb.stderr.hasPrefix("showcall: bomb.lua:2: out of memory (limit 16 MB)"), "\(bomb.stderr)")
    }

    @Test("repl --sandbox: blocked calls fail at the prompt, a runaway line stops, the REPL goes on")
    func repl() throws {
        let dir = try scratch([:])
        let r = try ShowCallProcess.run(["repl", "--sandbox", "--cpu-limit", "0.2"], in: dir, stdin: """
            print(pcall(os.execute, "true"))
            while true do end
            print(require("showcall").sleep ~= nil)

            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("false\tstdin:1: os.execute is blocked by the sandbox\n"), "\(r.stdout)")
        #expect(r.stdout.contains("true\n"), "\(r.stdout)")
        #expect((r.stdout + r.stderr).contains("stdin:1: ran for 0."), "\(r.stdout)\(r.stderr)")
    }

    @Test("--allow-dir without the sandbox, or a missing directory, is a usage error")
    func usage() throws {
        let dir = try scratch(["show.lua": "print(1)\n"])
        let r = try ShowCallProcess.run(["run", "--allow-dir", ".", "show.lua"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "showcall: --allow-dir needs --sandbox (or sandbox = true in the profile)\n")
        let missing = try ShowCallProcess.run(["run", "--sandbox", "--allow-dir", "nope", "show.lua"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("showcall: sandbox directory nope: "), "\(missing.stderr)")
        try "[p]\nsandbox = true\nallow_dirs = \"out\"\n".write(to: dir.appendingPathComponent("showcall.toml"), atomically: true, encoding: .utf8)
        let profile = try ShowCallProcess.run(["run", "--profile", "p", "show.lua"], in: dir)
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("showcall.toml: profile 'p': allow_dirs must be a list of directories"), "\(profile.stderr)")
    }
}
