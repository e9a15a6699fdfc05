import Foundation
import Testing
@testable import Simulator

/// seeds/zoom-webinar-livestream-status.txt and platforms.md "Zoom".
@Suite struct ZoomTests {
    static let webinar = "/zoom/v2/webinars/68423085"
    static let unconfigured = "/zoom/v2/webinars/68423086"

    func token(_ h: Harness) async throws -> [(String, String)] {
        let basic = "Basic " + Data("sim-zoom-client:sim-zoom-client-secret".utf8).base64EncodedString()
        let r = try await h.send("POST", "/zoom/oauth/token", headers: [("Authorization", basic), ("Content-Type", "application/x-www-form-urlencoded")],
                                 body: "grant_type=account_credentials&account_id=sim-zoom-account")
        #expect(r.status == 200 && r.json["token_type"] == "bearer" && r.json["expires_in"] == 3600)
        return [("Authorization", "Bearer " + (r.json["access_token"]?.stringValue ?? ""))]
    }

    func status(_ h: Harness, _ auth: [(String, String)], _ body: String, _ path: String = webinar) async throws -> Reply {
        try await h.json("PATCH", path + "/livestream/status", body, headers: auth)
    }

    @Test("Update Live Stream Status: start and stop answer 204; settings applied when starting")
    func startStop() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            let start = try await status(h, auth, #"{"action":"start","settings":{"active_speaker_name":true,"display_name":"Town Hall"}}"#)
            #expect(start.status == 204 && start.body.isEmpty)
            #expect(start.header("X-RateLimit-Category") == "Light")
            #expect(try await status(h, auth, #"{"action":"stop"}"#).status == 204)
            let state = h.sim.state["zoom"]?["webinars"]?.arrayValue?.first
            #expect(state?["live"] == false && state?["settings"]?["display_name"] == "Town Hall")
        }
    }

    @Test("The seed's multipart/form-data example (settings as a JSON string) is accepted")
    func multipart() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            let b = "sim-boundary"
            let body = "--\(b)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nstart\r\n--\(b)\r\nContent-Disposition: form-data; name=\"settings\"\r\n\r\nstart{\"active_speaker_name\":false,\"display_name\":\"reprehender\"}\r\n--\(b)--\r\n"
            let r = try await h.send("PATCH", Self.webinar + "/livestream/status",
                                     headers: auth + [("Content-Type", "multipart/form-data; boundary=\(b)")], body: body)
            #expect(r.status == 204)
        }
    }

    @Test("Settings: You can only update settings for a stopped live stream")
    func settingsOnlyWhileStopped() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            #expect(try await status(h, auth, #"{"action":"start"}"#).status == 204)
            let r = try await status(h, auth, #"{"action":"stop","settings":{"display_name":"x"}}"#)
            #expect(r.status == 400 && r.json["code"] == 300)
        }
    }

    @Test("Prerequisite: live streaming details must have been configured; PATCH livestream configures, GET reads")
    func configureFirst() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            #expect(try await status(h, auth, #"{"action":"start"}"#, Self.unconfigured).status == 400)
            let cfg = #"{"stream_url":"rtmp://x/app","stream_key":"k","page_url":"https://x/p"}"#
            #expect(try await h.json("PATCH", Self.unconfigured + "/livestream", cfg, headers: auth).status == 204)
            let read = try await h.send("GET", Self.unconfigured + "/livestream", headers: auth)
            #expect(read.json["stream_url"] == "rtmp://x/app" && read.json["page_url"] == "https://x/p")
            #expect(try await h.json("PATCH", Self.unconfigured + "/livestream", #"{"stream_url":"rtmp://x"}"#, headers: auth).status == 400)
            // The webinar is still waiting: starting before it has started is 400 [I].
            #expect(try await status(h, auth, #"{"action":"start"}"#, Self.unconfigured).status == 400)
        }
    }

    @Test("400 error codes: 300 invalid webinar id, 3001 webinar does not exist, 1001 user does not exist")
    func errorCodes() async throws {
        var seed = SimulatorSeed.standard
        seed.zoom.webinars.append(.init(id: 777, topic: "orphan", status: "started", livestream: nil))
        seed.zoom.webinars[2].hostExists = false
        try await Harness.with(seed: seed) { (h: Harness) async throws in
            let auth = try await token(h)
            let invalid = try await status(h, auth, #"{"action":"start"}"#, "/zoom/v2/webinars/abc")
            #expect(invalid.status == 400 && invalid.json["code"] == 300)
            let missing = try await status(h, auth, #"{"action":"start"}"#, "/zoom/v2/webinars/123")
            #expect(missing.status == 400 && missing.json["code"] == 3001 && missing.json["message"] == "Webinar does not exist: 123.")
            let orphan = try await status(h, auth, #"{"action":"start"}"#, "/zoom/v2/webinars/777")
            #expect(orphan.status == 400 && orphan.json["code"] == 1001)
        }
    }

    @Test("platforms.md Rate limits: starting a live stream again within 30 s is 429 Retry-After 30")
    func startLimit() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            #expect(try await status(h, auth, #"{"action":"start"}"#).status == 204)
            #expect(try await status(h, auth, #"{"action":"stop"}"#).status == 204)
            let again = try await status(h, auth, #"{"action":"start"}"#)
            #expect(again.status == 429 && again.header("Retry-After") == "30")
            h.clock.advance(by: 30)
            #expect(try await status(h, auth, #"{"action":"start"}"#).status == 204)
        }
    }

    @Test("platforms.md Rate limits: Light is 30 requests/s (Pro), then 429 with Retry-After and X-RateLimit headers")
    func lightLimit() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            for _ in 0..<30 { #expect(try await h.send("GET", Self.webinar + "/livestream", headers: auth).status == 200) }
            let r = try await h.send("GET", Self.webinar + "/livestream", headers: auth)
            #expect(r.status == 429 && r.header("Retry-After") != nil && r.header("X-RateLimit-Remaining") == "0")
            h.clock.advance(by: 1)
            #expect(try await h.send("GET", Self.webinar + "/livestream", headers: auth).status == 200)
        }
    }

    @Test("platforms.md Errors: invalid token is 401 code 124; tokens expire after expires_in 3600")
    func unauthorized() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.send("GET", Self.webinar + "/livestream").json["code"] == 124)
            let auth = try await token(h)
            h.clock.advance(by: 3601)
            let r = try await h.send("GET", Self.webinar + "/livestream", headers: auth)
            #expect(r.status == 401 && r.json["code"] == 124)
            let bad = try await h.send("POST", "/zoom/oauth/token?grant_type=account_credentials&account_id=sim-zoom-account",
                                       headers: [("Authorization", "Basic bm9wZTpub3Bl")])
            #expect(bad.status == 401)
        }
    }

    @Test("Bad input: action not start/stop, malformed JSON, wrong content type, wrong method")
    func badInput() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await token(h)
            let action = try await status(h, auth, #"{"action":"pause"}"#)
            #expect(action.status == 400 && action.json["errors"]?.arrayValue?.first?["field"] == "action")
            #expect(try await status(h, auth, "{nope").status == 400)
            #expect(try await status(h, auth, #"{"action":"start","settings":{"active_speaker_name":"yes"}}"#).status == 400)
            #expect(try await h.send("PATCH", Self.webinar + "/livestream/status", headers: auth + [("Content-Type", "text/plain")], body: "start").status == 400)
            #expect(try await h.send("PUT", Self.webinar + "/livestream/status", headers: auth).status == 405)
            #expect(h.sim.state["zoom"]?["webinars"]?.arrayValue?.first?["live"] == false)
        }
    }
}
