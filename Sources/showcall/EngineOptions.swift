import ArgumentParser
import Foundation
import Platforms
import ShowEngine

/// How `run` and `plan` set up the show engine: which clock, which mode, which control API.
struct EngineOptions {
    var mode: Engine.Mode = .run
    /// Where the virtual clock starts (seconds since 1970) in a rehearsal or plan; now by default.
    var start: Double?
    var control: ControlServer.Settings?
    /// Where the script's output and the engine's lines go.
    var screen = Screen()
    /// The platforms scripts call (`require "showcall.vbrick"`...); the embedded simulator by default.
    var platforms: PlatformDirectory?
    /// The run's journal, and the journal it resumes (run mode only).
    var record = RunRecord()

    func clock() -> any ShowClock {
        switch mode {
        case .run: RealClock()
        case .rehearse, .plan: VirtualClock(startingAt: start ?? Date().timeIntervalSince1970)
        }
    }

    /// `--control PORT --bind ADDRESS --token TOKEN` (the token defaulting to `$SHOWCALL_TOKEN`),
    /// a bad combination as a usage error.
    static func control(port: Int?, bind: String, token: String?) throws -> ControlServer.Settings? {
        guard let port else { return nil }
        do {
            return try ControlServer.Settings(host: bind, port: port, token: token ?? ProcessInfo.processInfo.environment["SHOWCALL_TOKEN"])
        } catch {
            throw UsageError(description: String(describing: error))
        }
    }

    /// Reads `--start` ("HH:MM", ISO-8601 or epoch seconds) as a usage error if malformed.
    static func startTime(_ text: String?) throws -> Double? {
        guard let text else { return nil }
        if let epoch = Double(text) { return epoch }
        do {
            return try TimeSpec.parse(text, zone: nil).resolve(reference: Date().timeIntervalSince1970)
        } catch {
            throw UsageError(description: "--start: \(error)")
        }
    }
}
