import Foundation
import LuaHost
import Testing
@testable import ShowEngine

@Suite("Limits under the scheduler: a runaway task stops, the others go on")
struct RunawayTests {
    @Test("while true do end stops at the time budget naming its line; the ticker keeps ticking")
    func runawayStopsTickerContinues() throws {
        let state = try LuaState(output: { _ in }, limits: LuaLimits(seconds: 0.2))
        state.prependModulePaths([Rig.stdlib])
        let engine = try Engine(state: state, clock: VirtualClock(startingAt: 0), output: { _ in })
        let r = try engine.run("""
            local sc = require "showcall"
            local ticks, stop = 0, false
            local ticker = sc.spawn(function()
              while not stop do ticks = ticks + 1; sc.sleep(0.01) end
            end, "ticker")
            local runaway = sc.spawn(function()
              sc.sleep(0.03)
              while true do end
            end, "runaway")
            local ok, err = pcall(sc.join, runaway)
            local at_failure = ticks
            sc.sleep(0.1)
            stop = true
            sc.join(ticker)
            return ok, tostring(err), runaway.status, at_failure, ticks
            """, name: "@runaway.lua")
        #expect(r.count == 5)
        #expect(r.first == false)
        let message = r.count > 1 ? r[1].text ?? "" : ""
        #expect(message.hasPrefix("runaway.lua:8: ran for 0."), "\(message)")
        #expect(message.hasSuffix(" s without yielding (limit 0.2 s)"), "\(message)")
        #expect(r.count > 2 && r[2] == "failed")
        if r.count == 5, case .integer(let before) = r[3], case .integer(let after) = r[4] {
            #expect(before >= 3)
            #expect(after >= before + 9)
        } else {
            Issue.record("results: \(r)")
        }
    }
}
