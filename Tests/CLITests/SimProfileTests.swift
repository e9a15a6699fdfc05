import Foundation
import Testing

/// `showcall sim` prints, for each platform, the base URL a profile takes and the credentials
/// under the profile's own keys: a profile copied from it works; a wrong address is said to be
/// one, not blamed on the credentials.
@Suite("sim: the banner is a profile")
struct SimProfileTests {
    /// A standalone simulator on a free port and the banner it printed.
    final class Simulator {
        let process = Process()
        let banner: String

        init(faults: String? = nil) throws {
            process.executableURL = ShowCallProcess.executable
            process.arguments = ["sim", "--port", "0"] + (faults.map { ["--faults", $0] } ?? [])
            let out = Pipe()
            (process.standardOutput, process.standardError) = (out, FileHandle.nullDevice)
            try process.run()
            var text = ""
            while !text.contains("Ctrl-C to stop.") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            banner = text
        }

        deinit { process.terminate(); process.waitUntilExit() }

        /// The profile `name` as the banner's lines say it: `[name.PLATFORM]` with each
        /// `key = "URL"` and `key value` the line gives (`or` alternatives left out).
        func profile(_ name: String) -> String {
            var out: [String] = []
            for line in banner.split(separator: "\n") where line.contains("base_url = ") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let platform = words.first, let quote = line.firstIndex(of: "\"") else { continue }
                let url = line[line.index(after: quote)...].prefix { $0 != "\"" }
                out.append("[\(name).\(platform)]")
                let keys = line[..<quote].split(separator: " ").dropFirst().filter { $0 != "=" }
                for key in keys { out.append("\(key) = \"\(url)\"") }
                let rest = line[line.index(after: quote)...].drop { $0 != " " }
                let first = rest.components(separatedBy: "; or ").first ?? ""
                for pair in first.split(separator: ",") {
                    let kv = pair.split(separator: " ", omittingEmptySubsequences: true)
                    if kv.count == 2 { out.append("\(kv[0]) = \"\(kv[1])\"") }
                }
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
        #expect(!r.stderr.contains("client_secret"), "\(r.stderr)")
    }
}
