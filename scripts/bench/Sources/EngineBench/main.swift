// Scheduler benchmarks (not tests): wake-up lateness on the real clock with 1,000 sleeping
// coroutines, and a two-hour, 40-step show rehearsed in virtual time. Run by scripts/bench/run;
// prints table rows: figure, value, unit, target.
import Foundation
import LuaHost
import ShowEngine

// scripts/bench/Sources/EngineBench/main.swift -> the repository root
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let stdlib = root.appendingPathComponent("stdlib").path

func engine(_ clock: any ShowClock, mode: Engine.Mode, output: @escaping (String) -> Void = { _ in }) throws -> Engine {
    let state = try LuaState(output: { _ in })
    state.prependModulePaths([stdlib])
    return try Engine(state: state, clock: clock, mode: mode, output: output)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

// 1. Lateness: 1,000 tasks each sleep to its own deadline, spread over two seconds, five rounds.
// `--spin-us N` overrides the scheduler's spin margin, to compare settings.
let lateness = try engine(RealClock(), mode: .run)
if let i = CommandLine.arguments.firstIndex(of: "--spin-us"), let us = UInt64(CommandLine.arguments[i + 1]) {
    lateness.scheduler.spinMargin = us * 1000
}
let values = try lateness.run("""
    local sc = require "showcall"
    local late = {}
    for round = 1, 5 do
      local tasks = {}
      local start = sc.clock_ns() + 50000000
      for i = 1, 1000 do
        local target = start + i * 2000000 + (i * 7919 % 1000000)
        tasks[i] = sc.spawn(function()
          local wait = target - sc.clock_ns()
          sc.sleep(wait / 1e9)
          late[#late + 1] = sc.clock_ns() - target
        end)
      end
      for i = 1, 1000 do sc.join(tasks[i]) end
    end
    return late
    """, name: "=bench")
guard case .table(let t) = values.first else { fatalError("no results") }
let late = t.array.compactMap { v -> Double? in if case .integer(let i) = v { Double(i) / 1e6 } else { nil } }.sorted()
print(String(format: "scheduler.lateness_p50\t%.3f\tms\t<= 0.2", percentile(late, 0.5)))
print(String(format: "scheduler.lateness_p99\t%.3f\tms\t<= 1", percentile(late, 0.99)))
print(String(format: "scheduler.lateness_max\t%.3f\tms\t(%d wake-ups)", late.last ?? 0, late.count))

// 2. A two-hour, 40-step show rehearsed in virtual time (the show's own output discarded).
let show = root.appendingPathComponent("scripts/shows/two-hour-40-steps.lua").path
var runs: [Double] = []
var showClock = 0.0
for _ in 0 ..< 5 {
    // Start five minutes before the show's first clock time (20:00 UTC).
    let clock = VirtualClock(startingAt: try TimeSpec.parse("19:55", zone: "UTC").resolve(reference: Date().timeIntervalSince1970))
    let rehearsal = try engine(clock, mode: .rehearse)
    let chunk = try rehearsal.state.load(file: show)
    let began = DispatchTime.now().uptimeNanoseconds
    let main = try rehearsal.runMain(chunk)
    if let failure = main.failure { fatalError("rehearsal failed: \(failure)") }
    runs.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
    showClock = Double(clock.now) / 1e9
}
runs.sort()
print(String(format: "rehearsal.two_hour_40_steps\t%.3f\ts\t< 1 (%.0f s of show time)", percentile(runs, 0.5), showClock))

// 3. Memory: what a waiting coroutine and a loaded show waiting for its first cue cost, as
// the Lua heap's growth (collectgarbage "count", after full collections) and the process's
// resident set growth (/proc/self/statm), each divided by how many were made. Each measure has
// an engine of its own, and what it made stays alive until the end.
func residentBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * sysconf(Int32(_SC_PAGESIZE))
}

func memory(_ code: String, count: Int) throws -> (heap: Double, rss: Double, engine: Engine) {
    let measured = try engine(RealClock(), mode: .run)
    measured.state.setGlobal("rss", function: { call in try call.returning(Int64(residentBytes())) })
    let values = try measured.run("""
        local count = \(count)
        local sc, show = require "showcall", require "showcall.show"
        collectgarbage() collectgarbage()
        local heap, rss0 = collectgarbage("count"), rss()
        \(code)
        sc.sleep(0.3) -- every one has started and waits
        collectgarbage() collectgarbage()
        return (collectgarbage("count") - heap) * 1024 / count, (rss() - rss0) / count
        """, name: "=bench")
    return (values[0].number ?? 0, values[1].number ?? 0, measured)
}

let coroutines = 10_000
let waiting = try memory("""
    for _ = 1, count do sc.spawn(function() sc.sleep(3600) end) end
    """, count: coroutines)
print(String(format: "memory.waiting_coroutine_lua_heap\t%.0f\tbytes\t(%d coroutines sleeping)", waiting.heap, coroutines))
print(String(format: "memory.waiting_coroutine_rss\t%.0f\tbytes\t", waiting.rss))

let shows = 100
let loaded = try memory("""
    for i = 1, count do
      sc.spawn(function()
        local s = show.new("show " .. i, { tz = "UTC" })
        s:step("doors", { cue = "Doors open", run = show.action("open", function() return "open" end) })
        for j = 2, 40 do
          s:step("step " .. j, { after = 180, actions = {
            show.action("switch", function() return "cam " .. j % 4 end),
            show.together { function() return "graphics" end, function() return "audio" end },
          } })
        end
        s:run()
      end)
    end
    """, count: shows)
print(String(format: "memory.show_lua_heap\t%.1f\tKiB\t(%d shows of 40 steps waiting for the first cue)", loaded.heap / 1024, shows))
print(String(format: "memory.show_rss\t%.1f\tKiB\t", loaded.rss / 1024))
withExtendedLifetime([waiting.engine, loaded.engine]) {}
