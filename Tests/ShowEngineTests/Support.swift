import Foundation
import LuaHost
@testable import ShowEngine

/// An engine on a virtual clock that starts at `start` (ISO-8601), with `stdlib/` on the path,
/// its printed output and log lines captured.
final class Rig {
    let state: LuaState
    let engine: Engine
    let clock: VirtualClock

    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("stdlib").path

    init(start: String = "2026-11-23T19:00:00Z", zone: String = "UTC", mode: Engine.Mode = .run, realClock: Bool = false,
         backend: (any ShowBackend)? = nil) throws {
        let box = OutputBox()
        state = try LuaState(output: { buf in box.text += String(decoding: buf, as: UTF8.self) })
        state.prependModulePaths([Self.stdlib])
        clock = VirtualClock(startingAt: try TimeSpec.parse(start, zone: "UTC").resolve(reference: 0))
        let lineBox = box
        engine = try Engine(state: state, clock: realClock ? RealClock() : clock, mode: mode, zone: TimeZone(identifier: zone)!, backends: backend.map { [$0] } ?? [],
                            output: { lineBox.lines.append($0) })
        self.box = box
    }

    private let box: OutputBox
    var output: String { box.text }
    var log: [String] { box.lines }

    /// Runs the code as the main task; returns its results.
    @discardableResult
    func run(_ code: String, name: String = "=test") throws -> [LuaValue] {
        try engine.run(code, name: name)
    }

    /// Seconds of virtual time since the rig started (virtual clock only).
    var elapsed: Double { Double(clock.now) / 1e9 }
}

final class OutputBox: @unchecked Sendable {
    var text = ""
    var lines: [String] = []
}

/// The message of whatever a run threw.
func failure(_ body: () throws -> Any) -> String {
    do {
        _ = try body()
        return "(no error)"
    } catch {
        return String(describing: error)
    }
}

extension Rig {
    /// Sends an operator command when the virtual clock reaches `seconds` after the start.
    func command(_ command: ShowCommand, at seconds: Double) {
        let hub = engine.hub
        engine.scheduler.addTimer(at: UInt64(seconds * 1e9)) { hub.send(command) { _ in } }
    }

    /// Runs a show script that defines `s` (a show) after the prelude, then `s:run()`;
    /// returns "status|step:status@started-ended,..." with times in seconds from the start.
    func runShow(_ body: String) throws -> String {
        let r = try run("""
            local sc = require "showcall"
            local show = require "showcall.show"
            local T0 = sc.now()
            \(body)
            local status = s:run()
            local out = {}
            for _, st in ipairs(s.steps) do
              out[#out + 1] = ("%s:%s@%s-%s"):format(st.name, st.status,
                st.started and ("%g"):format(st.started - T0) or "", st.ended and ("%g"):format(st.ended - T0) or "")
            end
            return status .. "|" .. table.concat(out, ",")
            """, name: "@show.lua")
        return r.first?.text ?? ""
    }
}
