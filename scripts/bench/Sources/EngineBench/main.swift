// Scheduler benchmarks (not tests): wake-up lateness on the real clock with 1,000 sleeping
// coroutines (lateness.lua), and a two-hour, 40-step show rehearsed in virtual time. Run by
// scripts/bench/run; prints table rows: figure, value, unit, target. (Memory per waiting
// coroutine and per show is measured through `showcall run`: scripts/bench/memory.)
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
let wakeUps = try lateness.runMain(lateness.state.load(file: root.appendingPathComponent("scripts/bench/lateness.lua").path))
if let failure = wakeUps.failure { fatalError("lateness.lua failed: \(failure)") }
guard case .table(let t) = wakeUps.results.first else { fatalError("no results") }
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

