import Foundation
import Testing

/// Mistakes in a show surface before show day: a rehearsal or plan whose show fails says so in
/// its exit status, with the script's line; a mistyped command gets the one meant.
@Suite("authoring: failing rehearsals and plans, command typos")
struct AuthoringTests {
    @Test("a rehearsal whose show aborts exits 1 and says which show")
    func rehearsalAborts() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("evening")
            s:step("boom", { run = function() error("encoder down") end })
            s:step("after", { run = function() end })
            print("status", s:run())
            """])
        let r = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("status\taborted"))
        #expect(r.stderr.contains("showcall: show 'evening' aborted after"), "\(r.stderr)")
        // The same show with the failure tolerated ends, and the rehearsal passes.
        let tolerant = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("evening")
            s:step("boom", { on_failure = "continue", run = function() error("encoder down") end })
            s:run()
            """])
        let ok = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: tolerant)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("a misspelt verb in a rehearsal is reported with the script's file:line, and the rehearsal exits 1")
    func misspeltVerb() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local vbrick = require "showcall.vbrick"
            local ev = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
            local s = show.new("evening")
            s:step("live", { run = function() ev:strat() end })
            s:run()
            """])
        // The source checks find it before the rehearsal starts.
        let r = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("showcall: show.lua:5: unknown method 'strat' on vbrick.event; did you mean 'start'?\n"), "\(r.stderr)")
        // One the source cannot trace (the object comes through a table) fails its step, at its line.
        let hidden = try scratch(["show.lua": """
            local show = require "showcall.show"
            local vbrick = require "showcall.vbrick"
            local events = { vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c") }
            local s = show.new("evening")
            s:step("live", { run = function() events[1]:strat() end })
            s:run()
            """])
        let late = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: hidden)
        #expect(late.status == 1, "\(late.stderr)")
        let out = late.stdout + late.stderr
        #expect(out.contains("step 'live' failed: show.lua:5: "), "\(out)")
        #expect(out.contains("'strat'"), "\(out)")
    }

    @Test("a plan whose show is declared wrong exits 1 at the script's line; a sound one exits 0")
    func planFails() throws {
        let dir = try scratch([
            "bad.lua": """
                local show = require "showcall.show"
                local s = show.new("evening")
                s:step("doors", { aftr = 5 })
                s:run()
                """,
            "late.lua": """
                local show = require "showcall.show"
                local s = show.new("evening", { tz = "UTC" })
                s:step("doors", { at = 1930 })
                s:run()
                """,
            "good.lua": """
                local show = require "showcall.show"
                local s = show.new("evening", { tz = "UTC" })
                s:step("doors", { at = "19:30", run = function() end })
                s:step("live", { after = "5m", run = function() end })
                s:run()
                """,
        ])
        let bad = try ShowCallProcess.run(["plan", "bad.lua"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("showcall: bad.lua:3: unknown field 'aftr' in step 'doors'; did you mean 'after'?"), "\(bad.stderr)")
        let late = try ShowCallProcess.run(["plan", "late.lua"], in: dir)
        #expect(late.status == 1)
        #expect(late.stderr.hasPrefix("showcall: late.lua:3: step 'doors': at = 1930 is a number, read as seconds since 1970; did you mean \"19:30\"?"), "\(late.stderr)")
        let good = try ShowCallProcess.run(["plan", "--start", "19:00", "good.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("300s after previous"), "\(good.stdout)")
    }

    @Test("a mistyped command gets the one meant; one near nothing gets the parser's error")
    func commandTypo() throws {
        for (typed, meant) in [("runn", "run"), ("plna", "plan"), ("Run", "run"), ("resme", "resume"), ("tset", "test")] {
            let r = try ShowCallProcess.run([typed, "show.lua"])
            #expect(r.status == 2)
            #expect(r.stderr == "showcall: unknown command '\(typed)'; did you mean '\(meant)'?\n", "\(typed)")
        }
        let far = try ShowCallProcess.run(["zzzzzz"])
        #expect(far.status == 2)
        #expect(!far.stderr.contains("unknown command"), "\(far.stderr)")
        // A known command's own errors are its own.
        let known = try ShowCallProcess.run(["run", "--no-such-flag", "show.lua"])
        #expect(known.status == 2)
        #expect(!known.stderr.contains("unknown command"), "\(known.stderr)")
    }
}
