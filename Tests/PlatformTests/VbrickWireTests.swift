import LuaHost
import Platforms
import Testing

/// seeds/vbrick-rev-scheduled-events.txt and platforms.md "Vbrick Rev", through `showcall.vbrick`.
@Suite struct VbrickWireTests {
    static let auto = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"
    static let manual = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    @Test func everyVerbGoesOutAsDocumented() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local vbrick = require "showcall.vbrick"
            local auto, manual = vbrick.event("\(Self.auto)"), vbrick.event("\(Self.manual)")
            auto:start{pre_production = true}
            auto:stop{pre_production = true}
            manual:start()
            manual.broadcast:start()
            manual.record:start()
            local during = manual:status().status
            manual.record:stop()
            manual.broadcast:stop()
            manual:stop()
            return during, manual:status().status, auto:status().status
            """)
        #expect(results == ["Recording", "Completed", "Scheduled"])
        let log = try await rig.requests("vbrick")
        let events = "/vbrick/api/v2/scheduled-events/"
        // platforms.md: POST /api/v2/authenticate {apiKey, secret}; then Authorization: VBrick <token>.
        expectCalls(log, [
            Expected(method: "POST", path: "/vbrick/api/v2/authenticate", json: ["apiKey": "[redacted]", "secret": "[redacted]"]),
            Expected(method: "PUT", path: events + Self.auto + "/start", json: ["preProduction": true]),
            Expected(method: "DELETE", path: events + Self.auto + "/start", query: ["preProduction": "true"]),
            Expected(method: "PUT", path: events + Self.manual + "/start", json: ["preProduction": false]),
            Expected(method: "PUT", path: events + Self.manual + "/broadcast"),
            Expected(method: "PUT", path: events + Self.manual + "/record"),
            Expected(method: "GET", path: events + Self.manual + "/status"),
            Expected(method: "DELETE", path: events + Self.manual + "/record"),
            Expected(method: "DELETE", path: events + Self.manual + "/broadcast"),
            Expected(method: "DELETE", path: events + Self.manual + "/start", query: ["preProduction": "false"]),
            Expected(method: "GET", path: events + Self.manual + "/status"),
            Expected(method: "GET", path: events + Self.auto + "/status"),
        ])
        for call in log.dropFirst() { #expect(call.header("Authorization") == "[redacted]", "\(call)") }
        await rig.stop()
    }

    /// The seed: with auto recording on, the record calls fail with an error message.
    @Test func recordingAnAutoRecordingEventIsAStructuredError() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local vbrick = require "showcall.vbrick"
            local ev = vbrick.event("\(Self.auto)")
            ev:start(); ev.broadcast:start()
            local ok, err = pcall(function() return ev.record:start() end)
            return ok, err.platform, err.operation, err.status, err.code, err.retryable, tostring(err), err.message
            """)
        #expect(results[0] == false)
        #expect(results[1] == "vbrick")
        #expect(results[2] == .string("event \(Self.auto) record.start"))
        #expect(results[3] == 500)
        #expect(results[4] == "InvalidTransition")
        #expect(results[5] == false)
        #expect(results[6].text.contains("show:4:") && results[6].text.contains("Auto recording is enabled"))
        #expect(results[7].text.hasPrefix("Auto recording is enabled for this webcast"))
        await rig.stop()
    }

    /// No document says which state follows the end of pre-production: after an unanswered
    /// `DELETE .../start?preProduction=true`, either end state counts as done.
    @Test("ending pre-production unanswered: Scheduled or Completed afterwards means it landed, so it is not sent again",
          arguments: [("ev:stop{pre_production = true}", "Scheduled"), ("ev:stop()", "Completed")])
    func preProductionEndEitherState(_ ending: String, _ state: String) async throws {
        let rig = try await PlatformRig()
        let event = "local ev = require(\"showcall.vbrick\").event(\"\(Self.auto)\")\n"
        _ = try await rig.run(event + "ev:start{pre_production = true}\n" + ending)
        // Every DELETE .../start now answers 503: whether it took is unknown to the client.
        _ = try await rig.admin("PUT", "faults", body: "vbrick/api/v2/scheduled-events/*/start:error=1:503")
        try await rig.clearLog()
        let results = try await rig.run(event + "return ev:stop{pre_production = true}, ev:status().status")
        #expect(results == [true, .string(LuaString(state))])
        let deletes = try await rig.requests("vbrick").filter { $0.method == "DELETE" }
        #expect(deletes.count == 1 && deletes.first?.status == 503, "\(deletes)")
        await rig.stop()
    }
}
