import LuaHost
import Testing
@testable import ShowEngine

/// `at` on the virtual clock: where a clock time lands, seen as the seconds waited.
@Suite struct ClockTimeTests {
    /// Starts the clock at `start` (ISO-8601 with offset), waits `at(time, opts)`, returns seconds waited.
    func waited(from start: String, _ call: String) throws -> Double {
        let rig = try Rig(start: start)
        try rig.run("local sc = require 'showcall'; sc.at(\(call))")
        return rig.elapsed
    }

    @Test func clockTimeAcrossMidnight() throws {
        #expect(try waited(from: "2026-11-23T23:50:00Z", #""00:10", { tz = "UTC" }"#) == 20 * 60)
    }

    @Test func clockTimeLaterTodayFromTheMorning() throws {
        #expect(try waited(from: "2026-11-23T08:00:00Z", #""21:00:30", { tz = "UTC" }"#) == 13 * 3600 + 30)
    }

    @Test func clockTimeInAnotherZone() throws {
        // 20:00 in Tokyo (UTC+9) is 11:00 UTC.
        #expect(try waited(from: "2026-11-23T10:00:00Z", #""20:00", { tz = "Asia/Tokyo" }"#) == 3600)
        // 20:00 in New York (UTC-5 in November) is 01:00 UTC the next day.
        #expect(try waited(from: "2026-11-23T23:00:00Z", #""20:00", { tz = "America/New_York" }"#) == 2 * 3600)
    }

    @Test func clockTimeOnSpringForwardDay() throws {
        // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 01:30 to 03:30 is one hour.
        #expect(try waited(from: "2026-03-08T01:30:00-05:00", #""03:30", { tz = "America/New_York" }"#) == 3600)
    }

    @Test func clockTimeOnFallBackDay() throws {
        // New York, 1 November 2026: 02:00 EDT falls back to 01:00 EST; 00:30 to 03:00 is 3.5 hours.
        #expect(try waited(from: "2026-11-01T00:30:00-04:00", #""03:00", { tz = "America/New_York" }"#) == 3.5 * 3600)
    }

    @Test func isoAndEpochTimes() throws {
        #expect(try waited(from: "2026-11-23T19:00:00Z", #""2026-11-23T21:00:00+01:00""#) == 3600)
        #expect(try waited(from: "2026-11-23T19:00:00Z", #""2026-11-23 20:00", { tz = "Europe/Paris" }"#) == 0)
        #expect(try waited(from: "2026-11-23T19:00:00Z", "1795460400 + 42") == 42)
    }

    @Test func clockTimeAlreadyPastGoesAtOnceWithAWarning() throws {
        let rig = try Rig(start: "2026-11-23T20:05:00Z")
        let r = try rig.run("""
            local sc = require "showcall"
            return sc.at("20:00", { tz = "UTC" })
            """)
        #expect(r == [true])
        #expect(rig.elapsed == 0)
        #expect(rig.log == ["20:05:00.000 WARN  20:00 passed 300s ago: going now"])
    }

    @Test func clockTimeAlreadyPastIsSkippedWhenAsked() throws {
        let rig = try Rig(start: "2026-11-23T20:05:00Z")
        let r = try rig.run("""
            local sc = require "showcall"
            return sc.at("20:00", { tz = "UTC", skip_if_past = true })
            """)
        #expect(r == [false])
        #expect(rig.log.isEmpty)
    }

    @Test func malformedTimeNamesTheScriptLine() throws {
        let rig = try Rig()
        let message = failure { try rig.run("local sc = require 'showcall'\nsc.at('25:00')", name: "@show.lua") }
        #expect(message == "show.lua:2: malformed time '25:00' (expected HH:MM or HH:MM:SS, 00:00 to 23:59:59)")
        let other = failure { try rig.run("local sc = require 'showcall'\n\nsc.at('tonight')", name: "@show.lua") }
        #expect(other.hasPrefix("show.lua:3: malformed time 'tonight'"))
    }

    @Test func unknownTimeZoneNamesTheScriptLine() throws {
        let rig = try Rig()
        let message = failure { try rig.run("local sc = require 'showcall'\nsc.at('20:00', { tz = 'Mars/Olympus' })", name: "@show.lua") }
        #expect(message == "show.lua:2: unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Paris)")
    }

    @Test func waitingWhereItCannotWaitNamesTheScriptLine() throws {
        let rig = try Rig()
        let sleep = failure {
            try rig.run("local sc = require 'showcall'\nstring.gsub('ab', '%w', function() sc.sleep(1) end)", name: "@show.lua")
        }
        #expect(sleep.hasPrefix("show.lua:2: cannot wait here: 'sleep'"))
        let parallel = failure {
            try rig.run("local sc = require 'showcall'\ntable.sort({ 2, 1 }, function(a, b)\n  sc.parallel {}\n  return a < b end)", name: "@show.lua")
        }
        #expect(parallel.hasPrefix("show.lua:3: cannot wait here: 'parallel'"))
    }
}

@Suite struct WallClockStepTests {
    @Test func clockTimeFollowsAStepOfTheWallClock() throws {
        let rig = try Rig(start: "2026-11-23T19:00:00Z")
        // Ten minutes in, the wall clock is corrected five minutes forward.
        let clock = rig.clock
        rig.engine.scheduler.addTimer(at: 600_000_000_000) { clock.stepWall(by: 300) }
        let r = try rig.run("""
            local sc = require "showcall"
            sc.at("20:00", { tz = "UTC" })
            return sc.now() - START
            """.replacingOccurrences(of: "START", with: "1795460400"))
        // The cue fires when the wall clock reads 20:00: 55 minutes of elapsed time, not 60.
        #expect(r == [3600.0])
        #expect(rig.elapsed == 3300)
    }
}
