import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("showcall repl through pipes (no terminal)")
struct ReplPipeTests {
    @Test("expressions print their values; =x works; several results print tab-separated; no prompt")
    func expressions() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "x = 20 + 1\nx\n=x * 2\n1, 'two', nil\n")
        #expect(r.status == 0)
        #expect(r.stdout == "21\n42\n1\t\"two\"\tnil\n")
    }

    @Test("tables print nested with sorted keys, a depth limit and cycles marked")
    func pretty() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: """
            { b = 2, a = 1, 10, 20 }
            { deep = { deeper = { deepest = { bottom = { x = 1 } } } } }
            local t = { name = 'loop' } t.me = t return t

            """)
        #expect(r.stdout == """
            { 10, 20, a = 1, b = 2 }
            { deep = { deeper = { deepest = { bottom = {...} } } } }
            { me = <cycle>, name = "loop" }

            """)
    }

    @Test("multi-line input continues while the chunk is incomplete")
    func multiline() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "function twice(\nx)\nreturn 2 * x\nend\ntwice(21)\n")
        #expect(r.stdout == "42\n")
    }

    @Test("a syntax error prints and the next line starts a fresh chunk; a runtime error prints its traceback")
    func errors() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "x = = 1\nprint('fresh')\nlocal function f() error('no feed') end f()\n")
        #expect(r.status == 0)
        #expect(r.stdout == "fresh\n")
        #expect(r.stderr.hasPrefix("stdin:1: unexpected symbol near '='\nstdin:1: no feed\nstack traceback:\n"))
        #expect(r.stderr.contains("stdin:1: in main chunk"))
        #expect(!r.stderr.contains("showcall repl"))
    }

    @Test("SIGHUP or SIGTERM while a show runs: the show is aborted, its cleanup runs, then the REPL leaves")
    func hangup() throws {
        for sig in [SIGHUP, SIGTERM] {
            let dir = try scratch(["show.lua": """
                local show = require "showcall.show"
                local s = show.new("H", { cleanup = function() print("cleanup ran") end })
                s:step("wait", { after = 3600, run = function() end })
                print(s:run())
                """])
            let process = Process()
            process.executableURL = ShowCallProcess.executable
            process.arguments = ["repl"]
            process.currentDirectoryURL = dir
            let input = Pipe(), out = Pipe()
            (process.standardInput, process.standardOutput, process.standardError) = (input, out, FileHandle.nullDevice)
            try process.run()
            input.fileHandleForWriting.write(Data(":run show.lua\n".utf8))
            usleep(1_500_000)
            kill(process.processIdentifier, sig)
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(text.contains("cleanup ran"), "\(text)")
            #expect(text.contains("aborted"), "\(text)")
        }
    }

    @Test("end of input exits 0, even inside an unfinished chunk")
    func eof() throws {
        #expect(try ShowCallProcess.run(["repl"], stdin: "").status == 0)
        #expect(try ShowCallProcess.run(["repl"], stdin: "function f(\n").status == 0)
    }

    @Test("a huge or binary paste does not crash it")
    func hostilePaste() throws {
        // Fixed bytes, every value many times over: a random paste may leave a chunk unfinished
        // (an open bracket or call), which rightly swallows the next line; that, not a crash,
        // made this test flaky.
        var bytes = (0 ..< 200_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
        bytes.append(contentsOf: Array("\nprint('still here')\n".utf8))
        let huge = "x = '" + String(repeating: "y", count: 1_000_000) + "'\n#x\n"
        let r = try ShowCallProcess.run(["repl"], stdin: String(decoding: bytes, as: UTF8.self) + huge)
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("still here\n1000000\n"))
    }

    @Test("files given first are loaded before the prompt; :help describes a value")
    func loadAndHelp() throws {
        let dir = try scratch(["cues.lua": "cues = { doors = '09:30', go = '10:00' }"])
        let r = try ShowCallProcess.run(["repl", "cues.lua"], in: dir, stdin: "cues.go\n:help cues\n")
        #expect(r.stdout == "\"10:00\"\ncues: table\n  doors  string\n  go     string\n")
    }

    @Test(":help follows calls through documented return types and shows the bindings' signatures and docs and the libraries' LuaLS comments")
    func helpFromDocs() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: """
            :help zoom.webinar
            :help zoom.webinar(68423085).livestream
            :help zoom.webinar(1).livestream:start
            :help showcall.sleep
            :help no.such.thing

            """)
        #expect(r.stdout == """
            zoom.webinar: function
              zoom.webinar(id: integer|string): zoom.webinar
              The Zoom webinar with this numeric id; sends no request.
            zoom.webinar(68423085).livestream: property of zoom.webinar, a zoom.livestream
              The webinar's live stream: configure{}, start{}, stop(), status().
              :configure(options)  Sets where it streams. PATCH .../livestream
              :start(options)      Starts the live stream. PATCH .../livestream/status
              :status(options)     {stream_url=, page_url=, resolution=} (the key redacted), GET .../livestream
              :stop(options)       Stops the live stream. PATCH .../livestream/status
            zoom.webinar(1).livestream:start: method of zoom.livestream
              zoom.livestream:start(options?: {active_speaker_name?: boolean, display_name?: string, timeout?: number}): boolean
              Starts the live stream. PATCH .../livestream/status
            showcall.sleep: function
              Suspends the calling task for `seconds` (fractions allowed).
              @type fun(seconds: number)
            no.such.thing: nothing by that name here (a global, a field, or a documented call)

            """)
    }

    @Test(":run starts a show in the background; :go and :jump steer it; :status lists its steps; end of input waits for it")
    func showControl() throws {
        let dir = try scratch(["show.lua": ReplTerminalTests.show])
        let r = try ShowCallProcess.run(["repl"], in: dir, stdin: """
            :run show.lua
            showcall.sleep(0.2)
            :status
            :go
            showcall.sleep(0.2)
            :jump 4
            :jump 9
            """)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("teaser  RUNNING  elapsed 00:00:0"))
        #expect(r.stdout.contains("  waiting for GO: Doors open (waiting 00:00:0"))
        #expect(r.stdout.contains("""
            >  1  doors    cued
               2  tick     pending
            """))
        #expect(r.stderr.contains("[1] run show.lua\n"))
        #expect(r.stderr.contains("SHOW  GO\n"))
        #expect(r.stderr.contains("SHOW  JUMP to 'off air'\n"))
        #expect(r.stderr.contains("jump: there is no step 9\n"))
        #expect(r.stderr.contains("INFO  cleanup: outputs safe\n"))
        #expect(r.stderr.contains("[1] done: \"done\"\n"))
    }

    @Test("a chunk ending with & runs in the background and reports when it ends; :jobs lists it, :wait waits for it")
    func backgroundJobs() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: """
            showcall.sleep(0.3) return "late", 2 &
            :jobs
            "meanwhile"
            :wait
            error("boom") &
            :wait
            :cancel 7
            """)
        #expect(r.status == 0)
        #expect(r.stdout == "\"meanwhile\"\n")
        #expect(r.stderr.contains("[1] showcall.sleep(0.3) return \"late\", 2\n[1] waiting  showcall.sleep(0.3)"))
        #expect(r.stderr.contains("[1] done: \"late\"\t2\n"))
        #expect(r.stderr.contains("[2] failed: stdin:1: boom\nstack traceback:"))
        #expect(r.stderr.contains(":cancel needs a job number"))
    }

    @Test("show control commands with no show say so; an unknown command names :help")
    func noShow() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: ":go\n:status\n:frobnicate\n:run missing.lua\n")
        #expect(r.status == 0)
        #expect(r.stderr.contains("go: no show is running\n"))
        #expect(r.stdout.contains("no show has started\n"))
        #expect(r.stderr.contains("unknown command ':frobnicate'; :help lists them\n"))
        #expect(r.stderr.contains("cannot open missing.lua"))
    }

    @Test("attached to a control API that needs a token: refused (401) without it, obeyed with it, and never printed")
    func attachWithToken() throws {
        let dir = try scratch(["show.lua": ReplTerminalTests.show])
        let run = try ControlledRun(script: "show.lua", in: dir, extra: ["--token", "s3cret-t0ken"])
        defer { run.stop() }
        try run.waitForOutput("waiting for GO")
        let refused = try ShowCallProcess.run(["repl", "--attach", "127.0.0.1:\(run.port)"], stdin: ":go\n")
        #expect(refused.stderr.contains("go: 401: the control API needs a valid token"))
        let obeyed = try ShowCallProcess.run(["repl", "--attach", "\(run.port)"], stdin: ":status\n:go\n:jump off air\n",
                                              environment: ["SHOWCALL_TOKEN": "s3cret-t0ken"])
        #expect(obeyed.stdout.contains("teaser  RUNNING"))
        #expect(!obeyed.stderr.contains("go:"))
        #expect(run.wait() == 0)
        #expect(!(refused.stdout + refused.stderr + obeyed.stdout + obeyed.stderr).contains("s3cret-t0ken"))
        let bad = try ShowCallProcess.run(["repl", "--attach", "ftp://x"], stdin: "")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("is not a control API address"))
    }
}

