import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a hostile or careless script, file or option does to a run: never an escape, never a
/// trap, never a process that only SIGKILL stops.
@Suite("hardening: the sandbox, outside numbers, budgets and signals")
struct HardeningTests {
    /// Makes a directory whose name is not valid UTF-8 (`assets-\xe9`) inside `dir`.
    static func mkdirLatin1(in dir: URL) throws {
        let bytes = Array(dir.path.utf8) + Array("/assets-".utf8) + [0xE9, 0]
        let made = bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }
        #expect(made == 0)
    }

    @Test("a directory whose name is not UTF-8 leads nowhere outside the sandbox (io.open, dofile, io.output, require)")
    func nonUTF8Directory() throws {
        let outside = try scratch(["evil.lua": "print('EVIL LOADED') return {}\n", "secret.txt": "top secret\n"])
        let dir = try scratch(["show.lua": """
            local d = "assets-\\xe9"
            local up = d .. "/../../\(outside.lastPathComponent)/"
            local function try(what, f, ...)
              local ok, err = pcall(f, ...)
              print(what, ok and (err and "allowed" or "missing") or (tostring(err):find("blocked by the sandbox", 1, true) and "blocked" or tostring(err)))
            end
            try("read", io.open, up .. "secret.txt")
            try("dofile", dofile, up .. "evil.lua")
            try("loadfile", loadfile, up .. "evil.lua")
            try("write", io.output, up .. "dropped.txt")
            try("lines", io.lines, up .. "secret.txt")
            package.path = up .. "?.lua;" .. package.path
            print("require", (pcall(require, "evil")))
            """])
        try Self.mkdirLatin1(in: dir)
        let r = try ShowCallProcess.run(["run", "--sandbox", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "read\tblocked\ndofile\tblocked\nloadfile\tblocked\nwrite\tblocked\nlines\tblocked\nrequire\tfalse\n", "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("dropped.txt").path))
    }

    @Test("a path the sandbox cannot resolve is refused, not waved through")
    func unresolvable() throws {
        let dir = try scratch(["show.lua": "print(pcall(io.open, 'no/such/dir/x.txt', 'w'))\n"])
        let r = try ShowCallProcess.run(["run", "--sandbox", "show.lua"], in: dir)
        #expect(r.stdout.hasPrefix("false\tshow.lua:1: io.open 'no/such/dir/x.txt' is blocked by the sandbox: 'no/such/dir/x.txt' does not lead inside the directories it may write"), "\(r.stdout)")
    }

    @Test("profile files are never readable in the sandbox, even in an allowed directory")
    func profileFiles() throws {
        let dir = try scratch([
            "showcall.toml": "[live]\n[live.zoom]\nclient_secret = \"hunter2\"\n",
            "config/showcall/profiles.toml": "[other]\n",
            "show.lua": """
                for _, p in ipairs { "showcall.toml", "./showcall.toml", "config/../showcall.toml", "config/showcall/profiles.toml" } do
                  local ok, err = pcall(io.open, p)
                  print(p, ok, (tostring(err):gsub("^.-: ", "")))
                end
                """,
        ])
        let r = try ShowCallProcess.run(["run", "--sandbox", "--allow-dir", ".", "show.lua"], in: dir,
                                        environment: ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines { #expect(line.contains("\tfalse\t") && line.contains("is a file of the run's own (a profile"), "\(line)") }
        #expect(!r.stdout.contains("hunter2"))
    }

    @Test("package.searchpath says nothing about paths outside the sandbox")
    func searchpath() throws {
        let dir = try scratch(["show.lua": """
            print(package.searchpath("passwd", "/etc/?"))
            print(package.searchpath("show", "./?.lua"))
            """])
        let r = try ShowCallProcess.run(["run", "--sandbox", "show.lua"], in: dir)
        #expect(r.stdout == "nil\tno file '/etc/passwd' (blocked by the sandbox)\n./show.lua\n", "\(r.stdout)")
    }

    @Test("plan runs the script's top level in the sandbox: --sandbox, or the profile's sandbox = true")
    func planSandbox() throws {
        let dir = try scratch([
            "showcall.toml": "[locked]\nsandbox = true\n",
            "show.lua": "print(pcall(os.execute, 'true'))\n",
        ])
        let flag = try ShowCallProcess.run(["plan", "--sandbox", "show.lua"], in: dir)
        #expect(flag.stdout == "false\tshow.lua:1: os.execute is blocked by the sandbox\n", "\(flag.stdout)\(flag.stderr)")
        let profile = try ShowCallProcess.run(["plan", "--profile", "locked", "show.lua"], in: dir)
        #expect(profile.stdout == "false\tshow.lua:1: os.execute is blocked by the sandbox\n", "\(profile.stdout)\(profile.stderr)")
        let open = try ShowCallProcess.run(["plan", "show.lua"], in: dir)
        #expect(open.stdout.hasPrefix("true"))
    }

    @Test("resume keeps the sandbox and limits the run started with, and refuses to loosen them")
    func resumeKeepsSandbox() throws {
        let dir = try scratch(["show.lua": """
            local sc = require "showcall"
            local show = require "showcall.show"
            local s = show.new("probe")
            s:step("probe", { run = function()
              print("probe", (pcall(io.open, "/etc/hostname")) and "opened" or "blocked")
              io.stdout:flush()
              if not io.open("resumed.flag") then sc.sleep(3600) end
            end })
            s:run()
            """])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--sandbox", "--cpu-limit", "0.5", "--journal", journal.path, "show.lua"], in: dir)
        // Wait for the step to start (it then sleeps), then kill the run as a crash would.
        run.wait(for: "\"step_started\"", in: journal)
        run.signal(SIGKILL)
        _ = run.finish()
        try "".write(to: dir.appendingPathComponent("resumed.flag"), atomically: true, encoding: .utf8)
        // A later record cannot loosen the run's own, whoever wrote it.
        let seq = try JournalTests.entries(journal).count + 1
        let forged = #"{"type":"run_resumed","seq":\#(seq),"time":1796190540,"pid":4242,"sha256":"forged","forced":false,"safety":{"sandbox":false,"limits":{},"allow_dirs":[]}}"# + "\n"
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(forged.utf8))
        try handle.close()

        let looser = try ShowCallProcess.run(["resume", "--cpu-limit", "0", journal.path], in: dir)
        #expect(looser.status == 2)
        #expect(looser.stderr.contains("--cpu-limit: the run being resumed had a tighter limit"), "\(looser.stderr)")
        let resumed = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("probe\tblocked"), "\(resumed.stdout)")
        let entries = try JournalTests.entries(journal)
        let safety = try #require(entries.last { $0["type"] as? String == "run_resumed" }?["safety"] as? [String: Any])
        #expect(safety["sandbox"] as? Bool == true)
        #expect((safety["limits"] as? [String: Any])?["seconds"] as? Double == 0.5)
    }

    @Test("in the sandbox, a looping __gc or __tostring is stopped by the budget while another task keeps ticking")
    func budgetsReachFinalizersAndToString() throws {
        let dir = try scratch(["show.lua": """
            local sc = require "showcall"
            local ticks = 0
            local ticker = sc.spawn(function() for _ = 1, 20 do sc.sleep(0.02) ticks = ticks + 1 end end)
            local gc = sc.spawn(function()
              setmetatable({}, { __gc = function() while true do end end })
              collectgarbage()
              return "collected"
            end)
            print("gc", pcall(sc.join, gc))
            local ts = sc.spawn(function() error(setmetatable({}, { __tostring = function() while true do end end })) end)
            print("tostring", (pcall(sc.join, ts)))
            sc.join(ticker)
            print("ticks", ticks)
            """])
        // The sandbox's: outside it finalizers run as Lua runs them, hooks off (README).
        let r = try ShowCallProcess.run(["run", "--sandbox", "--cpu-limit", "0.3", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tostring\tfalse\n"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("ticks\t20\n"), "\(r.stdout)")
    }

    @Test("a first SIGTERM the script cannot act on (a pattern inside one C call) exits after the grace, journal flushed")
    func signalGrace() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("stuck")
            s:step("match", { run = function()
              io.write("matching\\n") io.stdout:flush()
              return string.find(("a"):rep(40), ("a*"):rep(40) .. "b")
            end })
            s:run()
            """])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--signal-grace", "1", "--journal", journal.path, "show.lua"], in: dir)
        run.waitForOutput("matching")
        run.signal(SIGTERM)
        let r = run.finish()
        #expect(r.status == 143)
        #expect(r.stderr.contains("has not answered for 1.0 s"))
        let last = try #require(JournalTests.entries(journal).last)
        #expect(last["type"] as? String == "run_ended")
        #expect(last["status"] as? String == "interrupted")
    }

    @Test("a sandboxed script cannot read or write its own run's journal, even inside an allowed directory")
    func journalDenied() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("J")
            s:step("touch", { run = function()
              print("read", (pcall(io.open, "out/run.jsonl")))
              print("append", (pcall(io.open, "out/run.jsonl", "a")))
            end })
            s:run()
            """, "out/.keep": ""])
        let r = try ShowCallProcess.run(["run", "--sandbox", "--allow-dir", "out", "--journal", "out/run.jsonl", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("read\tfalse\nappend\tfalse\n"), "\(r.stdout)")
    }

    @Test("a cleanup that takes longer than the grace but keeps the show's thread free is left to finish")
    func graceSparesAWorkingCleanup() throws {
        let dir = try scratch(["show.lua": JournalTests.show(wait: 3600, cleanup: 2)])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--signal-grace", "0.5", "--journal", journal.path, "show.lua"], in: dir)
        run.wait(for: "\"step\":\"off\"", in: journal)
        run.signal(SIGTERM)
        let r = run.finish()
        #expect(r.status == 143)
        #expect(r.stdout.contains("cleanup ran"))
    }

    @Test("a platform answer pushed with the state at its memory cap fails as out-of-memory; the run goes on")
    func platformAnswerAtTheCap() throws {
        let dir = try scratch(["show.lua": """
            local zoom = require "showcall.zoom"
            local stream = zoom.webinar(68423085).livestream
            local hog = {}
            local filled = pcall(function() for i = 1, math.huge do hog[i] = {} end end)
            local got, err = pcall(stream.status, stream)
            hog = nil
            collectgarbage()
            local again, st = pcall(stream.status, stream)
            print(filled, got, err, again, type(st))
            """])
        let r = try ShowCallProcess.run(["run", "--memory-limit", "24", "show.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "false\tfalse\tnot enough memory\ttrue\ttable\n", "\(r.stdout)")
    }
}

@Suite("hardening: profile files TOMLKit cannot take")
struct ProfileTextTests {
    @Test("a profile TOML forbids (a non-ASCII bare key, a control character, a header not starting with a key) is an error naming the place, not an abort in the TOML parser")
    func nonASCIIKey() throws {
        for (text, expected) in [("[a\u{FFFD}]\n", "showcall.toml:1:3: a character outside a string or comment must be ASCII"),
                                 ("[p]\ntimeout = 1\u{0}\n", "showcall.toml:2:12: a control character (NUL)"),
                                 ("[p]\nx = 1\u{1}\n", "showcall.toml:2:6: a control character (0x1)"),
                                 ("[\u{1}[p]\n", "showcall.toml:1:2: a table header must start with a key"),
                                 ("[p]\n[ @live.vbrick]\n", "showcall.toml:2:3: a table header must start with a key")] {
            let dir = try scratch(["showcall.toml": text, "e.lua": "print('ran')\n"])
            let r = try ShowCallProcess.run(["run", "--profile", "p", "e.lua"], in: dir)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains(expected), "\(r.stderr)")
        }
        // Outside ASCII inside strings and comments is TOML, and fine.
        let dir = try scratch(["showcall.toml": "# café\n[p]\n\"clé\" = \"été\"\n", "e.lua": "print('ran')\n"])
        let r = try ShowCallProcess.run(["run", "--profile", "p", "e.lua"], in: dir)
        #expect(r.stderr.contains("clé") && !r.stderr.contains("must be ASCII"), "\(r.stderr)")
    }
}
