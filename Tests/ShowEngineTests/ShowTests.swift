import LuaHost
import Testing
@testable import ShowEngine

/// Shows on the virtual clock, started at 19:00 UTC.
@Suite struct ShowTests {
    @Test func stepsRunInOrderOnTheirStartConditions() throws {
        let rig = try Rig()
        let r = try rig.runShow("""
            local order = {}
            local s = show.new("news", { tz = "UTC" })
            s:step("doors", { at = "19:30", run = function() order[#order + 1] = "doors" end })
            s:step("intro", { after = 60, actions = {
              function() sc.sleep(5); order[#order + 1] = "intro1" end,
              show.together { function() sc.sleep(2); order[#order + 1] = "b" end, function() sc.sleep(1); order[#order + 1] = "a" end },
            } })
            s:step("guarded", { guard = function() return false end, run = function() order[#order + 1] = "never" end })
            s:step("outro", { run = function() order[#order + 1] = "outro" end })
            """)
        #expect(r == "done|doors:done@1800-1800,intro:done@1860-1867,guarded:skipped@-1867,outro:done@1867-1867")
    }

    @Test func failurePoliciesContinueFallbackAndAbort() throws {
        let rig = try Rig()
        let r = try rig.runShow("""
            local s = show.new("policies")
            s:step("flaky", { on_failure = "continue", run = function() error("no signal") end })
            s:step("main", { on_failure = "fallback", fallback = "slate", run = function() error("encoder down") end })
            s:step("skipped over", { run = function() end })
            s:step("slate", { after = 10, run = function() end })
            s:step("fatal", { run = function() error("boom") end })
            s:step("never", { run = function() end })
            """)
        // The show aborted: what never started reads "not run", not "pending".
        #expect(r == "aborted|flaky:failed@0-0,main:failed@0-0,skipped over:not run@-,slate:done@0-0,fatal:failed@0-0,never:not run@-")
    }

    @Test func retryPolicyRetriesTheStep() throws {
        let rig = try Rig()
        let r = try rig.runShow("""
            local tries = 0
            local s = show.new("retry")
            s:step("connect", { on_failure = "retry", retries = 2, backoff = 3, run = function()
              tries = tries + 1
              if tries < 3 then error("refused") end
            end })
            """)
        // Retries after 3 s, then 6 s.
        #expect(r == "done|connect:done@0-9")
    }

    @Test func cueWaitsForGo() throws {
        let rig = try Rig()
        rig.command(.go, at: 42)
        let r = try rig.runShow("""
            local s = show.new("cued")
            s:step("standby", { run = function() end })
            s:step("live", { cue = "Presenter ready", run = function() end })
            """)
        #expect(r == "done|standby:done@0-0,live:done@42-42")
    }

    @Test func holdPausesTheDelayAndResumeGoesOn() throws {
        let rig = try Rig()
        rig.command(.hold, at: 10)
        rig.command(.resume, at: 100)
        let r = try rig.runShow("""
            local s = show.new("held")
            s:step("a", { run = function() end })
            s:step("b", { after = 30, run = function() end })
            """)
        // 30 s delay, held from 10 to 100: b starts at 120.
        #expect(r == "done|a:done@0-0,b:done@120-120")
    }

    @Test func holdDuringAStepKeepsTheNextStepWaiting() throws {
        let rig = try Rig()
        rig.command(.hold, at: 5)
        rig.command(.resume, at: 50)
        let r = try rig.runShow("""
            local s = show.new("held")
            s:step("a", { run = function() sc.sleep(20) end })
            s:step("b", { run = function() end })
            """)
        #expect(r == "done|a:done@0-20,b:done@50-50")
    }

    @Test func skipCancelsTheRunningStepAndRunsItsCleanup() throws {
        let rig = try Rig()
        rig.command(.skip, at: 5)
        let r = try rig.runShow("""
            local cleaned = false
            local s = show.new("skip")
            s:step("long", { run = function() sc.sleep(600) end, cleanup = function() cleaned = true end })
            s:step("next", { run = function() assert(cleaned, "cleanup did not run") end })
            """)
        #expect(r == "done|long:skipped@0-5,next:done@5-5")
    }

    @Test func skipAPendingStep() throws {
        let rig = try Rig()
        rig.command(.skip, at: 5)
        let r = try rig.runShow("""
            local s = show.new("skip")
            s:step("later", { at = "20:00", run = function() end })
            s:step("next", { after = 1, run = function() end })
            """)
        #expect(r == "done|later:skipped@-5,next:done@6-6")
    }

    @Test func jumpGoesToTheNamedStepAtOnce() throws {
        let rig = try Rig()
        rig.command(.jump("closing"), at: 7)
        let r = try rig.runShow("""
            local s = show.new("jump")
            s:step("opening", { run = function() sc.sleep(60) end })
            s:step("interview", { after = 10, run = function() end })
            s:step("closing", { at = "21:00", run = function() end })
            s:step("after", { run = function() end })
            """)
        #expect(r == "done|opening:skipped@0-7,interview:skipped@-7,closing:done@7-7,after:done@7-7")
    }

    @Test func abortStopsTheShowAndRunsCleanups() throws {
        let rig = try Rig()
        rig.command(.abort, at: 3)
        let r = try rig.run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local log = {}
            local s = show.new("abort", { cleanup = function() log[#log + 1] = "show cleanup" end })
            s:step("live", { run = function() sc.sleep(60) end, cleanup = function() log[#log + 1] = "step cleanup" end })
            s:step("never", { run = function() log[#log + 1] = "never" end })
            return s:run(), table.concat(log, ","), sc.now() - START
            """.replacingOccurrences(of: "START", with: "1795460400"))
        #expect(r == ["aborted", "step cleanup,show cleanup", 3.0])
    }

    @Test func clockTimeAlreadyPastInAShow() throws {
        let rig = try Rig(start: "2026-11-23T20:05:00Z")
        let r = try rig.runShow("""
            local s = show.new("late", { tz = "UTC" })
            s:step("doors", { at = "20:00", run = function() end })
            s:step("optional", { at = "20:01", skip_if_past = true, run = function() end })
            """)
        #expect(r == "done|doors:done@0-0,optional:skipped@-0")
        #expect(rig.log == ["20:05:00.000 WARN  step 'doors': 20:00 passed 300s ago, going now"])
    }

    @Test func repeatedStepNameNamesTheScriptLine() throws {
        let rig = try Rig()
        let message = failure {
            try rig.run("local show = require 'showcall.show'\nlocal s = show.new('x')\ns:step('a', {})\ns:step('a', {})", name: "@show.lua")
        }
        #expect(message == "show.lua:4: step 'a' is defined twice in show 'x'")
    }

    @Test func malformedStepTimeAndZoneNameTheScriptLine() throws {
        let rig = try Rig()
        let time = failure {
            try rig.run("local show = require 'showcall.show'\nlocal s = show.new('x')\ns:step('a', { at = '7pm' })", name: "@show.lua")
        }
        #expect(time.hasPrefix("show.lua:3: step 'a': malformed time '7pm'"))
        let zone = failure {
            try rig.run("local show = require 'showcall.show'\nlocal s = show.new('x')\ns:step('a', { at = '19:00', tz = 'Europe/Pariss' })", name: "@show.lua")
        }
        #expect(zone == "show.lua:3: step 'a': unknown time zone 'Europe/Pariss' (expected an IANA name such as Europe/Paris)")
    }
}

@Suite struct StallTests {
    @Test func aCueNobodyCanAnswerIsReportedNotWaitedOnForever() throws {
        let rig = try Rig()
        let message = failure {
            try rig.run("""
                local show = require "showcall.show"
                local s = show.new("x")
                s:step("live", { cue = true })
                s:run()
                """)
        }
        #expect(message.hasPrefix("the show is stuck: every task is waiting and nothing can wake it"))
    }
}

@Suite struct ManyShowsTests {
    @Test func twoShowsRunAtOnceAndCommandsReachTheNamedOne() throws {
        let rig = try Rig()
        let hub = rig.engine.hub
        rig.engine.scheduler.addTimer(at: 10_000_000_000) { hub.send(.go, to: "studio B") { _ in } }
        let r = try rig.run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local log = {}
            local a = show.new("studio A")
            a:step("open", { after = 30, run = function() log[#log + 1] = "A@" .. (sc.now() - START) end })
            local b = show.new("studio B")
            b:step("open", { cue = true, run = function() log[#log + 1] = "B@" .. (sc.now() - START) end })
            local results = sc.parallel { function() return a:run() end, function() return b:run() end }
            return results[1], results[2], table.concat(log, ",")
            """.replacingOccurrences(of: "START", with: "1795460400"))
        #expect(r == ["done", "done", "B@10.0,A@30.0"])
    }
}

@Suite struct JumpBackTests {
    @Test func jumpBackRunsStepsAgain() throws {
        let rig = try Rig()
        rig.command(.jump("a"), at: 15)
        let r = try rig.run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local runs = {}
            local s = show.new("loop")
            s:step("a", { run = function() runs[#runs + 1] = "a@" .. (sc.now() - START) end })
            s:step("b", { after = 10, run = function() runs[#runs + 1] = "b@" .. (sc.now() - START); sc.sleep(20) end })
            s:step("c", { run = function() runs[#runs + 1] = "c@" .. (sc.now() - START) end })
            return s:run(), table.concat(runs, ",")
            """.replacingOccurrences(of: "START", with: "1795460400"))
        // JUMP at 15 s stops b (started at 10) and restarts from a; b then runs in full.
        #expect(r == ["done", "a@0.0,b@10.0,a@15.0,b@25.0,c@45.0"])
    }
}

@Suite struct HoldTests {
    @Test func goIsIgnoredWhileHeld() throws {
        let rig = try Rig()
        rig.command(.hold, at: 5)
        rig.command(.go, at: 10)
        rig.command(.resume, at: 20)
        rig.command(.go, at: 30)
        let r = try rig.runShow("""
            local s = show.new("held cue")
            s:step("live", { cue = true, run = function() end })
            """)
        #expect(r == "done|live:done@30-30")
    }
}

@Suite struct CommandBurstTests {
    @Test func skipTwiceAtOnceSkipsTwoSteps() throws {
        let rig = try Rig()
        rig.command(.skip, at: 5)
        rig.command(.skip, at: 5)
        let r = try rig.runShow("""
            local s = show.new("burst")
            s:step("one", { run = function() sc.sleep(60) end })
            s:step("two", { run = function() sc.sleep(60) end })
            s:step("three", { run = function() end })
            """)
        // The second SKIP finds "two" waiting to start and skips it before it runs.
        #expect(r == "done|one:skipped@0-5,two:skipped@-5,three:done@5-5")
    }
}
