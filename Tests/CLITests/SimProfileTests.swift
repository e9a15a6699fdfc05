import Foundation
import Testing

/// `showcall sim` prints, for each platform, the base URL a profile takes and the credentials
/// under the profile's own keys: a profile copied from it works; a wrong address is said to be
/// one, not blamed on the credentials.
@Suite("sim: the banner is a profile")
struct SimProfileTests {
    /// A standalone simulator on a free port and what it printed: the banner, and with
    /// `--print-profile NAME` the profile it printed on standard output.
    final class Simulator {
        let process = Process()
        let banner: String
        let printed: String

        init(faults: String? = nil, printProfile: String? = nil) throws {
            process.executableURL = ShowCallProcess.executable
            process.arguments = ["sim", "--port", "0"] + (faults.map { ["--faults", $0] } ?? []) + (printProfile.map { ["--print-profile", $0] } ?? [])
            let out = Pipe(), err = Pipe()
            (process.standardOutput, process.standardError) = (out, printProfile == nil ? FileHandle.nullDevice : err)
            try process.run()
            let bannerPipe = printProfile == nil ? out : err
            banner = Self.read(bannerPipe) { $0.contains("Ctrl-C to stop.") }
            printed = printProfile == nil ? "" : Self.read(out) { $0.contains("host_password = ") && $0.hasSuffix("\n") }
        }

        deinit { process.terminate(); process.waitUntilExit() }

        private static func read(_ pipe: Pipe, until done: (String) -> Bool) -> String {
            var text = ""
            while !done(text) {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }

        /// The profile `name` as the banner's lines say it: `[name.PLATFORM]` and each
        /// `key = "value"` of the line.
        func profile(_ name: String) -> String {
            var out: [String] = []
            for line in banner.split(separator: "\n") where line.contains("base_url = ") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let platform = words.first, let first = line.range(of: "base_url") else { continue }
                out.append("[\(name).\(platform)]")
                out += line[first.lowerBound...].components(separatedBy: ", ")
            }
            return out.joined(separator: "\n") + "\n"
        }
    }

    static let script = """
        local vbrick, convey = require "showcall.vbrick", require "showcall.convey"
        local webex, zoom, huawei = require "showcall.webex", require "showcall.zoom", require "showcall.huawei"
        print("vbrick", vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"):status().status)
        print("convey", type(convey.folders()))
        print("webex", webex.meeting("560d7b784f5143e3be2fc3064a5c4999"):details().state)
        print("zoom", zoom.webinar(68423085):status().status)
        print("huawei", huawei.conference("914044873"):status().confInfo.subject)
        """

    @Test("a profile made from the banner's lines reaches all five platforms")
    func bannerIsAProfile() throws {
        let sim = try Simulator()
        let profile = sim.profile("sim")
        for platform in ["vbrick", "convey", "webex", "zoom", "huawei"] {
            #expect(profile.contains("[sim.\(platform)]"), "\(sim.banner)")
        }
        let dir = try scratch(["check.lua": Self.script, "showcall.toml": profile])
        let r = try ShowCallProcess.run(["run", "--profile", "sim", "check.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)\n\(profile)")
        #expect(r.stdout == "vbrick\tScheduled\nconvey\ttable\nwebex\tinProgress\nzoom\tstarted\nhuawei\tTown Hall\n", "\(r.stdout)")
    }

    @Test("--print-profile NAME prints the same profile as TOML, and it works as printed")
    func printProfile() throws {
        let sim = try Simulator(printProfile: "sim")
        #expect(sim.printed == sim.profile("sim"), "\(sim.printed)\n---\n\(sim.banner)")
        let dir = try scratch(["check.lua": Self.script, "showcall.toml": sim.printed])
        let r = try ShowCallProcess.run(["run", "--profile", "sim", "check.lua"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let bad = try ShowCallProcess.run(["sim", "--print-profile", "a b"])
        #expect(bad.status == 2)
    }

    @Test("a sign-in address that answers 404 is said to be the wrong address, not wrong credentials")
    func wrongAddress() throws {
        let sim = try Simulator()
        // As the old banner read: the token's own path given as the OAuth server.
        let profile = sim.profile("sim")
        let zoomBase = profile.split(separator: "\n").first { $0.hasPrefix("oauth_url") }.map { String($0.dropFirst("oauth_url = \"".count).dropLast()) } ?? ""
        let wrong = profile.replacingOccurrences(of: "oauth_url = \"\(zoomBase)\"", with: "oauth_url = \"\(zoomBase)/oauth/token\"")
        let dir = try scratch(["check.lua": "print(require('showcall.zoom').webinar(68423085):status().status)", "showcall.toml": wrong])
        let r = try ShowCallProcess.run(["run", "--profile", "sim", "check.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing signs in at \(zoomBase)/oauth/token/oauth/token (HTTP 404): check the profile's zoom oauth_url"), "\(r.stderr)")
        // The error is the call the script made, with the sign-in's reason.
        #expect(r.stderr.contains("zoom webinar 68423085 status: no token: "), "\(r.stderr)")
        #expect(!r.stderr.contains("client_secret"), "\(r.stderr)")
    }
}
