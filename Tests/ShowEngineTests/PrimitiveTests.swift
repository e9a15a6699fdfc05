import Dispatch
import LuaHost
import Testing
@testable import ShowEngine

@Suite struct PrimitiveTests {
    @Test func sleepsRunInDeadlineOrderInVirtualTime() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local order = {}
            for _, d in ipairs { 3, 1, 2 } do
              sc.spawn(function() sc.sleep(d); order[#order + 1] = d end)
            end
            sc.sleep(5)
            return table.concat(order, ",")
            """)
        #expect(r == ["1,2,3"])
        #expect(rig.elapsed == 5)
    }

    @Test("a task whose handle the script drops still runs to its end through full collections while it waits, and its failure is still reported")
    func droppedHandlesKeepTheirTasks() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local done = 0
            for _ = 1, 100 do sc.spawn(function() sc.sleep(1); collectgarbage(); done = done + 1 end) end
            sc.spawn(function() sc.sleep(1); error("dropped and failed") end)
            collectgarbage(); collectgarbage()
            sc.sleep(0.5)
            collectgarbage(); collectgarbage()
            sc.sleep(2)
            return done
            """)
        #expect(r == [.integer(100)])
        #expect(rig.log.contains { $0.contains("dropped and failed") }, "\(rig.log)")
    }

    @Test func tenThousandTasksWaitOnTimersAtOnce() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local woke, waiting = 0, 0
            local tasks = {}
            for i = 1, 10000 do
              tasks[i] = sc.spawn(function() waiting = waiting + 1; sc.sleep(i % 100 + 1); woke = woke + 1 end)
            end
            sc.sleep(0.5)
            local peak = waiting - woke
            for i = 1, #tasks do sc.join(tasks[i]) end
            return peak, woke
            """)
        #expect(r == [10000, 10000])
        #expect(rig.elapsed == 100)
    }

    @Test func parallelFailureCancelsSiblingsAndRunsTheirCleanup() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local cleaned, finished = {}, {}
            local ok, err = pcall(sc.parallel, {
              function()
                local _ <close> = setmetatable({}, { __close = function() cleaned[#cleaned + 1] = "a" end })
                sc.sleep(10); finished.a = true
              end,
              function() sc.sleep(1); error("encoder offline") end,
              function()
                local ok, e = pcall(sc.sleep, 10)
                cleaned[#cleaned + 1] = "c:" .. tostring(e.reason)
                error(e, 0)
              end,
            })
            table.sort(cleaned)
            return ok, tostring(err), table.concat(cleaned, ","), finished.a == nil, sc.now()
            """)
        #expect(r[0] == false)
        #expect((r[1].text ?? "").contains("encoder offline"))
        #expect(r[2] == "a,c:a sibling failed")
        #expect(r[3] == true)
        #expect(rig.elapsed == 1)
    }

    @Test func parallelReturnsEachResult() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local t = sc.parallel { function() sc.sleep(2) return "a" end, function() sc.sleep(1) return "b" end }
            return t[1], t[2]
            """)
        #expect(r == ["a", "b"])
        #expect(rig.elapsed == 2)
    }

    @Test func raceCancelsTheLosers() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local loser_cleaned = false
            local w = sc.race {
              function()
                local _ <close> = setmetatable({}, { __close = function() loser_cleaned = true end })
                sc.sleep(3) return "slow"
              end,
              function() sc.sleep(1) return "fast" end,
            }
            return w, loser_cleaned
            """)
        #expect(r == ["fast", true])
        #expect(rig.elapsed == 1)
    }

    @Test func timeoutCancelsTheWorkAndRaises() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local cleaned = false
            local ok, err = pcall(sc.timeout, 2, function()
              local _ <close> = setmetatable({}, { __close = function() cleaned = true end })
              sc.sleep(60)
            end)
            local v = sc.timeout(5, function() sc.sleep(1) return "in time" end)
            return ok, tostring(err), cleaned, v
            """)
        #expect(r[0] == false)
        #expect((r[1].text ?? "").hasSuffix("timed out after 2 s"))
        #expect(r[2] == true)
        #expect(r[3] == "in time")
        #expect(rig.elapsed == 3)
    }

    @Test func retryCountsAttemptsAndBacksOff() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local at = {}
            local v = sc.retry({ times = 4, backoff = 2 }, function(n)
              at[#at + 1] = ("%g"):format(sc.now() - START)
              if n < 4 then error("busy") end
              return "ok on " .. n
            end)
            return v, table.concat(at, ",")
            """.replacingOccurrences(of: "START", with: "1795460400"))
        // Waits of 2, 4 and 8 seconds between the four attempts.
        #expect(r == ["ok on 4", "0,2,6,14"])
    }

    @Test func retryGivesUpAfterTimesAndSkipsErrorsNotMatchingOn() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local calls = 0
            local ok, err = pcall(sc.retry, { times = 3, backoff = { 1, 5 } }, function() calls = calls + 1; error("busy", 0) end)
            local other = 0
            local ok2, err2 = pcall(sc.retry, { times = 3, on = "busy" }, function() other = other + 1; error("bad key", 0) end)
            return calls, err, other, err2
            """)
        #expect(r == [3, "busy", 1, "bad key"])
        #expect(rig.elapsed == 6)
    }

    @Test func waitUntilPollsAndTimesOut() throws {
        let rig = try Rig()
        let r = try rig.run("""
            local sc = require "showcall"
            local ready = false
            sc.spawn(function() sc.sleep(3.5); ready = true end)
            sc.wait_until(function() return ready end, { every = 1 })
            local t1 = sc.now() - START
            local ok, err = pcall(sc.wait_until, function() return false end, { timeout = 2, every = 0.5 })
            return t1, ok, tostring(err)
            """.replacingOccurrences(of: "START", with: "1795460400"))
        #expect(r[0] == 4.0)
        #expect(r[1] == false)
        #expect((r[2].text ?? "").hasSuffix("condition not met within 2 s"))
    }

    @Test func logLinesCarryTheShowClock() throws {
        let rig = try Rig()
        try rig.run("""
            local sc = require "showcall"
            sc.sleep(90)
            sc.log.warn("standby")
            """)
        #expect(rig.log == ["19:01:30.000 WARN  standby"])
    }
}

@Suite struct VirtualTimeTests {
    @Test func virtualTimeWaitsForOutsideWorkBeforeJumping() throws {
        let rig = try Rig()
        let work = rig.engine.scheduler.outsideWork
        // A binding whose answer comes from another thread, as an HTTP call's would.
        rig.state.setGlobal("fetch") { call in
            work.begin()
            return try call.await { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: ["answer"])
                    work.end()
                }
            }
        }
        let r = try rig.run("""
            local sc = require "showcall"
            local times = {}
            local a = sc.spawn(function() sc.sleep(5); times[#times + 1] = "sleep@" .. (sc.now() - START) end)
            local b = sc.spawn(function() local v = fetch(); times[#times + 1] = v .. "@" .. (sc.now() - START) end)
            sc.join(a); sc.join(b)
            return table.concat(times, ",")
            """.replacingOccurrences(of: "START", with: "1795460400"))
        #expect(r == ["answer@0.0,sleep@5.0"])
    }

    @Test func stubBackendAnswersInShowTime() throws {
        let rig = try Rig(backend: StubBackend())
        let r = try rig.run("""
            local sc = require "showcall"
            local stub = require "showcall.stub"
            local v = stub.call("obs.scene", { latency = 0.5, result = "cam 2" })
            local ok, err = pcall(stub.call, "youtube.live", { fail = "quota exceeded" })
            return v, tostring(err), ("%.3f"):format(sc.now() - START)
            """.replacingOccurrences(of: "START", with: "1795460400"))
        #expect(r == ["cam 2", "youtube.live: quota exceeded", "0.600"])
    }
}

@Suite struct UnobservedFailureTests {
    @Test func aSpawnedTaskThatFailsUnjoinedIsLogged() throws {
        let rig = try Rig()
        try rig.run("""
            local sc = require "showcall"
            sc.spawn(function() sc.sleep(1); error("lights offline") end, "lights")
            local t = sc.spawn(function() sc.sleep(1); error("joined, so not logged") end)
            pcall(sc.join, t)
            sc.sleep(2)
            """)
        #expect(rig.log == ["19:00:01.000 ERROR task 'lights' failed: test:2: lights offline"])
    }
}
