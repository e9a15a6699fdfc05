import ArgumentParser
import ControlAPI
import Foundation
import LuaHost
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
    /// Seconds a first signal waits for the show to abort before the process exits anyway.
    var signalGrace: Double = 10

    func clock() -> any ShowClock {
        switch mode {
        case .run: RealClock()
        case .rehearse, .plan: VirtualClock(startingAt: start ?? Date().timeIntervalSince1970)
        }
    }

    /// Reads `--start` ("HH:MM", ISO-8601 or epoch seconds) as a usage error if malformed.
    static func startTime(_ text: String?) throws -> Double? {
        guard let text else { return nil }
        if let epoch = Double(text) {
            do { return try NumberRule.epochSeconds.check(epoch, "--start") } catch { throw UsageError(description: "\(error)") }
        }
        do {
            return try TimeSpec.parse(text, zone: nil).resolve(reference: Date().timeIntervalSince1970)
        } catch {
            throw UsageError(description: "--start: \(error)")
        }
    }
}

/// `--control PORT --bind ADDRESS --token TOKEN`, shared by `run` and `resume`.
struct ControlOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Serve the control API and page on this port (0 picks a free one).", valueName: "PORT"))
    var control: Int?

    @Option(help: ArgumentHelp("The address the control API listens on; other than loopback it needs --token.", valueName: "ADDRESS"))
    var bind = "127.0.0.1"

    @Option(help: ArgumentHelp("A token control requests must carry (Authorization: Bearer TOKEN). Defaults to $SHOWCALL_TOKEN.", valueName: "TOKEN"))
    var token: String?

    @Option(name: .customLong("allow-host"),
            help: ArgumentHelp("Another Host name the control API answers to (a machine name on the network); repeatable.", valueName: "NAME"))
    var allowHost: [String] = []

    /// The settings (nil without --control), a bad combination as a usage error.
    func settings() throws -> ControlServer.Settings? {
        guard let control else { return nil }
        do {
            _ = try NumberRule.count(0, 65535, unit: "port").check(Int64(control), "--control")
            return try ControlServer.Settings(host: bind, port: control, token: token ?? ProcessInfo.processInfo.environment["SHOWCALL_TOKEN"],
                                              allowedHosts: allowHost)
        } catch {
            throw UsageError(description: String(describing: error))
        }
    }
}
