import Foundation
import LuaHost
import Platforms
import ShowEngine
import Testing

/// The stdlib libraries against a simulator of their own, checked on the wire (its request
/// log) and in ways the Lua specs cannot reach (a profile with wrong credentials).
private func text(_ value: LuaValue) -> String {
    if case .string(let s) = value { return s.description }
    return "(not a string: \(value))"
}

@Suite("stdlib libraries on the wire")
struct LibraryTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("simulcast: when Zoom fails to start, the outputs that started are stopped again, each after its start")
    func simulcastRollback() async throws {
        let rig = try await PlatformRig(faults: "zoom/*/livestream/status:error=1:500")
        defer { Task { await rig.stop() } }
        let values = try await rig.run("""
            local simulcast = require "showcall.simulcast"
            local cast = simulcast.new("Town hall", {
              simulcast.webex(require("showcall.webex").meeting("560d7b784f5143e3be2fc3064a5c4999")),
              simulcast.zoom(require("showcall.zoom").webinar(68423085)),
              simulcast.huawei(require("showcall.huawei").conference("914044873")),
            })
            local ok, err = pcall(cast.start, cast)
            return ok, tostring(err), #cast:on_air()
            """)
        #expect(values.first == .boolean(false))
        #expect(text(values[1]).contains("did not start: zoom webinar 68423085 live stream"), "\(values[1])")
        #expect(values[2] == .integer(0))

        let log = try await rig.requests()
        let zoom = log.filter { $0.platform == "zoom" && $0.path.hasSuffix("/livestream/status") }
        #expect(!zoom.isEmpty && zoom.allSatisfy { $0.status == 500 })
        let webex = log.filter { $0.platform == "webex" && $0.method == "PUT" }.map { $0.json?["recordingStarted"] }
        #expect(webex == [.boolean(true), .boolean(false)], "\(log)")
        let huawei = log.filter { $0.platform == "huawei" && $0.method == "PUT" }.map { $0.json?["isLive"] }
        #expect(huawei == [.integer(1), .integer(0)], "\(log)")
    }

    @Test("the simulcast town hall: Zoom failing at GO rolls the other outputs back and aborts the show with every output off")
    func simulcastShowRollsBack() async throws {
        let rig = try await PlatformRig(faults: "zoom/*/livestream/status:error=1:500")
        defer { Task { await rig.stop() } }
        let script = Self.repositoryRoot.appendingPathComponent("scripts/shows/simulcast-town-hall.lua").path
        let lines = LinesBox()
        let failure: String? = try await PlatformRig.onThread { [profile = rig.profile] in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/New_York")!
            let start = calendar.date(bySettingHour: 10, minute: 30, second: 0, of: Date())!.timeIntervalSince1970
            let engine = try PlatformRig.engine(PlatformDirectory(profile: profile), clock: VirtualClock(startingAt: start),
                                                mode: .rehearse, output: { lines.append($0) })
            return try engine.runMain(try engine.state.load(file: script)).failure.map { String(describing: $0) }
        }
        #expect(failure == "show aborted", "\(lines.text)")
        // Past the preflight (GO) and the countdown, then the rollback at GO.
        #expect(lines.text.contains("INFO  go-live T-00:10"), "\(lines.text)")
        #expect(lines.text.contains("ERROR Town hall: zoom webinar 68423085 live stream FAILED to start"), "\(lines.text)")
        #expect(lines.text.contains("WARN  Town hall: rolling back, stopping 3 started output(s)"), "\(lines.text)")

        let log = try await rig.requests()
        #expect(log.filter { $0.platform == "huawei" && $0.method == "PUT" }.map { $0.json?["isLive"] } == [.integer(1), .integer(0)], "\(log)")
        #expect(log.contains { $0.platform == "vbrick" && $0.method == "PUT" && $0.path.hasSuffix("/broadcast") })
        #expect(log.contains { $0.platform == "vbrick" && $0.method == "DELETE" && $0.path.hasSuffix("/broadcast") })
        let state = try await rig.state()
        guard let meetings = state["webex"]?["meetings"]?.list, let conferences = state["huawei"]?["conferences"]?.list
        else { Issue.record("unexpected state \(state)"); return }
        #expect(meetings.allSatisfy { $0["recordingStarted"] == false })
        #expect(conferences.allSatisfy { $0["isLive"] == 0 })
    }

    @Test("http.post: the path of a webhook URL becomes a secret, redacted wherever calls are reported")
    func webhookPathIsSecret() async throws {
        let rig = try await PlatformRig()
        defer { Task { await rig.stop() } }
        let url = "\(rig.sim.baseURL)/_sim/webhooks/services/T0/B0/SECRET-\(UUID().uuidString)"
        let values = try await rig.run("""
            local answer = require("showcall.http").post("\(url)", '{"text":"hi"}', { headers = { ["Content-Type"] = "application/json" } })
            return answer.status, answer.body
            """)
        #expect(values.first == .integer(200))
        #expect(values.last == "ok")
        #expect(rig.sim.webhookMessages.first?["text"]?.stringValue == "hi")
        #expect(Secrets.redact("posting to \(url)") == "posting to \(rig.sim.baseURL)[redacted]")
    }

    @Test("preflight: credentials a platform refuses read as not authorised, and the show is NO-GO")
    func preflightUnauthorised() async throws {
        let rig = try await PlatformRig()
        defer { Task { await rig.stop() } }
        var profile = rig.profile
        profile.zoom!.credentials.clientSecret = "not-the-secret"
        let values = try await rig.run("""
            local preflight = require "showcall.preflight"
            local p = preflight.new("Town hall")
            p:status(require("showcall.zoom").webinar(68423085))
            p:status(require("showcall.webex").meeting("560d7b784f5143e3be2fc3064a5c4999"))
            local r = p:run { quiet = true }
            return r.go, r.rows[1].check, r.rows[1].result, r.rows[1].detail, r.rows[2].check, r.rows[2].result
            """, directory: PlatformDirectory(profile: profile))
        #expect(values.count == 6)
        guard values.count == 6 else { return }
        #expect(values[0] == .boolean(false))
        #expect(values[1] == "status()")
        #expect(values[2] == "FAIL")
        #expect(text(values[3]).hasPrefix("not authorised (HTTP 401)"), "\(values[3])")
        #expect(!text(values[3]).contains("not-the-secret"))
        #expect(values[4] == "reachable, authorised")
        #expect(values[5] == "PASS")
    }
}
