import Testing
@testable import Simulator

/// seeds/webex-meeting-controls.txt, reference/webex-meeting-controls.openapi.json, platforms.md "Webex".
@Suite struct WebexTests {
    static let live = "/webex/v1/meetings/controls?meetingId=560d7b784f5143e3be2fc3064a5c4999"
    static let scheduled = "/webex/v1/meetings/controls?meetingId=9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50"
    static let auth = [("Authorization", "Bearer sim-webex-personal-access-token")]

    func put(_ h: Harness, _ body: String, _ path: String = live) async throws -> Reply {
        try await h.json("PUT", path, body, headers: Self.auth)
    }

    func controls(_ r: Reply) -> [Bool?] {
        [r.json["recordingStarted"]?.boolValue, r.json["recordingPaused"]?.boolValue, r.json["locked"]?.boolValue]
    }

    @Test("Update: recordingStarted true starts, recordingPaused pauses and resumes, false stops; 200 with Control")
    func recording() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await controls(h.send("GET", Self.live, headers: Self.auth)) == [false, false, false])
            #expect(try await controls(put(h, #"{"recordingStarted":true}"#)) == [true, false, false])
            #expect(try await controls(put(h, #"{"recordingPaused":true}"#)) == [true, true, false])
            #expect(try await controls(put(h, #"{"recordingPaused":false}"#)) == [true, false, false])
            #expect(try await controls(put(h, #"{"recordingStarted":false}"#)) == [false, false, false])
        }
    }

    @Test("recordingPaused: will be ignored if 'recordingStarted' sets to false")
    func pauseIgnoredWhenStopping() async throws {
        try await Harness.with { (h: Harness) async throws in
            _ = try await put(h, #"{"recordingStarted":true}"#)
            #expect(try await controls(put(h, #"{"recordingStarted":false,"recordingPaused":true}"#)) == [false, false, false])
        }
    }

    @Test("platforms.md: pausing when not recording is rejected (400 [I])")
    func pauseWithoutRecording() async throws {
        try await Harness.with { (h: Harness) async throws in
            let r = try await put(h, #"{"recordingPaused":true}"#)
            #expect(r.status == 400 && r.json["message"] != nil && r.json["errors"]?.arrayValue?.count == 1 && r.json["trackingId"] != nil)
            #expect(r.header("trackingId") != nil)
        }
    }

    @Test("Lock: locked true/false on an on-going meeting")
    func lock() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await controls(put(h, #"{"locked":true}"#))[2] == true)
            #expect(try await controls(h.send("GET", Self.live, headers: Self.auth))[2] == true)
            #expect(try await controls(put(h, #"{"locked":false}"#))[2] == false)
        }
    }

    @Test("platforms.md Meeting state: controls apply only to a meeting in progress; GET /v1/meetings/{id} has state")
    func onlyInProgress() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await put(h, #"{"recordingStarted":true}"#, Self.scheduled).status == 400)
            let m = try await h.send("GET", "/webex/v1/meetings/9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50", headers: Self.auth)
            #expect(m.status == 200 && m.json["state"] == "scheduled")
        }
    }

    @Test("404: the resource requested does not exist (unknown meeting)")
    func unknownMeeting() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await put(h, "{}", "/webex/v1/meetings/controls?meetingId=nope").status == 404)
            #expect(try await h.send("GET", "/webex/v1/meetings/nope", headers: Self.auth).status == 404)
        }
    }

    @Test("401: credentials missing or incorrect; personal access tokens last 12 hours")
    func unauthorized() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.send("GET", Self.live).status == 401)
            #expect(try await h.send("GET", Self.live, headers: [("Authorization", "Bearer wrong")]).status == 401)
            h.clock.advance(by: 12 * 3600 + 1)
            #expect(try await h.send("GET", Self.live, headers: Self.auth).status == 401)
        }
    }

    @Test("platforms.md Auth: POST /v1/access_token refresh_token grant gives a usable token with expires_in")
    func refresh() async throws {
        try await Harness.with { (h: Harness) async throws in
            let r = try await h.form("/webex/v1/access_token", [("grant_type", "refresh_token"), ("client_id", "sim-webex-client"),
                                                                ("client_secret", "sim-webex-client-secret"), ("refresh_token", "sim-webex-refresh-token")])
            #expect(r.status == 200 && r.json["expires_in"]?.intValue != nil)
            let token = r.json["access_token"]!.stringValue!
            #expect(try await h.send("GET", Self.live, headers: [("Authorization", "Bearer " + token)]).status == 200)
            let bad = try await h.form("/webex/v1/access_token", [("grant_type", "refresh_token"), ("client_id", "x"),
                                                                  ("client_secret", "y"), ("refresh_token", "z")])
            #expect(bad.status == 401)
        }
    }

    @Test("429: Too Many Requests with a Retry-After header (300 control calls a minute per token [I])")
    func rateLimit() async throws {
        try await Harness.with { (h: Harness) async throws in
            for _ in 0..<300 { _ = try await h.send("GET", Self.live, headers: Self.auth) }
            let r = try await h.send("GET", Self.live, headers: Self.auth)
            #expect(r.status == 429)
            #expect(Int(r.header("Retry-After") ?? "") ?? 0 >= 1)
            h.clock.advance(by: 60)
            #expect(try await h.send("GET", Self.live, headers: Self.auth).status == 200)
        }
    }

    @Test("423 Locked and 429 with Retry-After through faults (webex/*/controls:423=1,retry-after=7)")
    func lockedFault() async throws {
        try await Harness.with(faults: "webex/*/controls:423=1,retry-after=7") { (h: Harness) async throws in
            let r = try await put(h, #"{"locked":true}"#)
            #expect(r.status == 423 && r.header("Retry-After") == "7")
            #expect(try await h.send("GET", "/webex/v1/meetings/560d7b784f5143e3be2fc3064a5c4999", headers: Self.auth).status == 200)
        }
    }

    @Test("Bad input: malformed JSON 400, mistyped field 400, wrong content type 415, wrong method 405, missing meetingId 400")
    func badInput() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await put(h, "{nope").status == 400)
            #expect(try await put(h, #"{"recordingStarted":1}"#).status == 400)
            #expect(try await put(h, #"{"locked":"true"}"#).status == 400)
            #expect(try await h.send("PUT", Self.live, headers: Self.auth + [("Content-Type", "text/plain")], body: "{}").status == 415)
            #expect(try await h.send("DELETE", Self.live, headers: Self.auth).status == 405)
            #expect(try await h.send("GET", "/webex/v1/meetings/controls", headers: Self.auth).status == 400)
            #expect(try await controls(h.send("GET", Self.live, headers: Self.auth)) == [false, false, false])
        }
    }
}
