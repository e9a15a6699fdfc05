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

    init(start: String = "2026-11-23T19:00:00Z", zone: String = "UTC", mode: Engine.Mode = .run) throws {
        let box = OutputBox()
        state = try LuaState(output: { buf in box.text += String(decoding: buf, as: UTF8.self) })
        state.prependModulePaths([Self.stdlib])
        clock = VirtualClock(startingAt: try TimeSpec.parse(start, zone: "UTC").resolve(reference: 0))
        let lineBox = box
        engine = try Engine(state: state, clock: clock, mode: mode, zone: TimeZone(identifier: zone)!,
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

    /// Seconds of virtual time since the rig started.
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

extension LuaValue {
    /// The string inside, or "" for other values.
    var text: String {
        if case .string(let s) = self { return s.description }
        return ""
    }
}
