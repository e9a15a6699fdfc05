import Testing
@testable import ShowEngine

@Suite struct OutputTests {
    @Test func plainLogLinesAreTimestampedEventsInOrder() throws {
        let rig = try Rig()
        PlainLog.attach(to: rig.engine)
        try rig.run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local s = show.new("news")
            s:step("open", { after = 5, run = show.action("title", function() sc.sleep(1.5) return "shown" end) })
            s:step("close", { run = show.action("fade", function() error("mixer offline", 0) end), on_failure = "continue" })
            sc.log.info("standing by")
            s:run()
            """)
        #expect(rig.log == [
            "19:00:00.000 INFO  standing by",
            "19:00:00.000 SHOW  show 'news' started (2 steps)",
            "19:00:05.000 SHOW  step 'open' started",
            "19:00:06.500 SHOW  title: shown",
            "19:00:06.500 SHOW  step 'open' done",
            "19:00:06.500 SHOW  step 'close' started",
            "19:00:06.500 SHOW  fade: failed: mixer offline",
            "19:00:06.500 SHOW  step 'close' failed: mixer offline",
            "19:00:06.500 SHOW  show 'news' done after 6.5s",
        ])
    }

    @Test func rehearsalPrintsATimeline() throws {
        let rig = try Rig(mode: .rehearse)
        try rig.run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local s = show.new("news", { tz = "UTC" })
            s:step("doors", { at = "19:30", run = show.action("slide", function() return "holding" end) })
            s:step("live", { cue = true, after = 60, run = show.action("cam", function() sc.sleep(2) return "cam 1" end) })
            s:run()
            """)
        #expect(rig.output == """

            Timeline of 'news'
            STEP                     PLANNED      ACTUAL       STATUS   ACTIONS
            doors                    19:30:00 UTC 19:30:00 UTC done     slide: holding
            live                     19:31:00 UTC 19:31:00 UTC done     cam: cam 1; (cue answered automatically)

            """)
    }

    @Test func planListsStepsWithoutRunningActions() throws {
        let rig = try Rig(mode: .plan)
        try rig.run("""
            local show = require "showcall.show"
            local s = show.new("news", { tz = "UTC" })
            s:step("doors", { at = "23:30", run = show.action("slide", function() error("ran") end) })
            s:step("midnight", { at = "00:05", guard = function() return true end, run = function() error("ran") end })
            s:step("live", { after = 90, cue = "ready?", on_failure = "continue" })
            s:run()
            """)
        #expect(rig.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == [
            "Show 'news': 3 steps (planned times in GMT; actions take no time in a plan)",
            "1  doors                    23:30:00 UTC  at 23:30 UTC                     slide",
            "2  midnight                 2026-11-24 00:05:00 UTC  at 00:05 UTC                     action 1  [guarded]",
            "3  live                     2026-11-24 00:06:30 UTC  90s after previous, cue 'ready?'   [on failure: continue]",
        ].map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
