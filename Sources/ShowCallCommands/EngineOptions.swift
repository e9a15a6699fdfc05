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
    /// `--start` as given when it names no zone or offset: read again in the show's zone once
    /// the show declares one (`Engine.startInShowZone`).
    var startInShowZone: String?
    var control: ControlServer.Settings?
    /// Where the script's output and the engine's lines go.
    var screen = Screen()
    /// The platforms scripts call (`require "showcall.vbrick"`...); the embedded simulator by default.
    var platforms: PlatformDirectory?
    /// The run's journal, and the journal it resumes (run mode only).
    var record = RunRecord()
    /// More modules for the script (`plan --html`'s run sheet collector).
    var backends: [any ShowBackend] = []
    /// Seconds a first signal waits for the show to abort before the process exits anyway.
    var signalGrace: Double = 10

    func clock() -> any ShowClock {
        switch mode {
        case .run: RealClock()
        case .rehearse, .plan: VirtualClock(startingAt: start ?? Date().timeIntervalSince1970)
        }
    }

    /// `--start`, set on the options: "HH:MM", ISO-8601 or epoch seconds, optionally followed
    /// by a zone ("09:50 Europe/Paris"). A time that names no zone or offset is in the show's
    /// zone: read in the host's until the show declares its own. Malformed is a usage error.
    mutating func setStart(_ text: String?) throws {
        guard let text else { return }
        let resolved: Double
        let now = Date().timeIntervalSince1970
        do {
            let words = text.split(separator: " ", omittingEmptySubsequences: true)
            if NumberRule.isDecimal(text) {
                resolved = try NumberRule.showStart.read(text, "--start")
            } else if words.count == 2 {
                resolved = try TimeSpec.parse(String(words[0]), zone: String(words[1])).resolve(reference: now)
            } else {
                resolved = try TimeSpec.parse(text, zone: nil).resolve(reference: now)
                // A time that reads the same in two zones fourteen hours apart named its own offset.
                let east = try TimeSpec.parse(text, zone: "Pacific/Kiritimati").resolve(reference: now)
                let west = try TimeSpec.parse(text, zone: "Etc/GMT+12").resolve(reference: now)
                if east != west { startInShowZone = text }
            }
        } catch {
            throw UsageError(description: "--start: \(error)")
        }
        // However it is written, the moment keeps one rule: 2026-01-01T00:00Z as 1767225600 does.
        do { start = try NumberRule.showStart.check(resolved, "--start") } catch { throw UsageError(description: "\(error)") }
    }
}

/// `--control PORT --bind ADDRESS --token TOKEN`, shared by `run` and `resume`.
struct ControlOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Serve the control API and page on this port (0 picks a free one).", valueName: "PORT"),
            transform: NumberOption.integer(.port))
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
            return try ControlServer.Settings(host: bind, port: control, token: token ?? Environment.value("SHOWCALL_TOKEN"),
                                              allowedHosts: allowHost)
        } catch {
            throw UsageError(description: String(describing: error))
        }
    }
}
