import Testing
@testable import Simulator

/// seeds/vbrick-rev-scheduled-events.txt and platforms.md "Vbrick Rev".
@Suite struct VbrickTests {
    static let auto = "/vbrick/api/v2/scheduled-events/6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"
    static let manual = "/vbrick/api/v2/scheduled-events/8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    func login(_ h: Harness) async throws -> [(String, String)] {
        let r = try await h.json("POST", "/vbrick/api/v2/authenticate", #"{"apiKey":"sim-vbrick-key","secret":"sim-vbrick-secret"}"#)
        #expect(r.status == 200)
        #expect(r.json["issuer"] == "VBrick")
        #expect(r.json["expiration"]?.stringValue != nil)
        return [("Authorization", "VBrick " + r.json["token"]!.stringValue!)]
    }

    func status(_ h: Harness, _ path: String, _ auth: [(String, String)]) async throws -> String {
        try await h.send("GET", path + "/status", headers: auth).json["status"]?.stringValue ?? "?"
    }

    @Test("platforms.md Auth: authenticate {apiKey, secret} and user/login {username, password}; 401 otherwise")
    func auth() async throws {
        try await Harness.with { (h: Harness) async throws in
            _ = try await login(h)
            let login = try await h.json("POST", "/vbrick/api/v2/user/login", #"{"username":"sim.producer","password":"sim-vbrick-password"}"#)
            #expect(login.status == 200 && login.json["id"] != nil && login.json["email"] != nil)
            let bad = try await h.json("POST", "/vbrick/api/v2/authenticate", #"{"apiKey":"sim-vbrick-key","secret":"wrong"}"#)
            #expect(bad.status == 401 && bad.json["code"] != nil && bad.json["detail"] != nil)
        }
    }

    @Test("Response codes: 401 Unauthorized for a missing, invalid or expired token")
    func unauthorized() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.send("PUT", Self.auto + "/start").status == 401)
            #expect(try await h.send("PUT", Self.auto + "/start", headers: [("Authorization", "VBrick nope")]).status == 401)
            let auth = try await login(h)
            h.clock.advance(by: 31 * 60)
            #expect(try await h.send("GET", Self.auto + "/status", headers: auth).status == 401)
        }
    }

    @Test("platforms.md Session length: extend-session-timeout/{apiKey} returns a later expiration")
    func extend() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            h.clock.advance(by: 25 * 60)
            let r = try await h.send("POST", "/vbrick/api/v2/auth/extend-session-timeout/sim-vbrick-key", headers: auth)
            #expect(r.status == 200 && r.json["expiration"] != nil)
            h.clock.advance(by: 25 * 60)
            #expect(try await h.send("GET", Self.auto + "/status", headers: auth).status == 200)
        }
    }

    @Test("Start / broadcast / end with auto recording: broadcast records; record calls fail (seed first paragraph)")
    func autoRecording() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            #expect(try await status(h, Self.auto, auth) == "Scheduled")
            #expect(try await h.json("PUT", Self.auto + "/start", #"{"preProduction":false}"#, headers: auth).status == 200)
            #expect(try await status(h, Self.auto, auth) == "InProgress")
            #expect(try await h.send("PUT", Self.auto + "/broadcast", headers: auth).status == 200)
            #expect(try await status(h, Self.auto, auth) == "Recording")
            let rec = try await h.send("PUT", Self.auto + "/record", headers: auth)
            #expect(rec.status == 500 && rec.json["detail"]?.stringValue?.contains("disableAutoRecording") == true)
            #expect(try await h.send("DELETE", Self.auto + "/record", headers: auth).status == 500)
            #expect(try await h.send("DELETE", Self.auto + "/broadcast", headers: auth).status == 200)
            #expect(try await status(h, Self.auto, auth) == "InProgress")
            #expect(try await h.send("DELETE", Self.auto + "/start", headers: auth).status == 200)
            #expect(try await status(h, Self.auto, auth) == "Completed")
        }
    }

    @Test("Record start/stop with disableAutoRecording true; illegal transitions answer 500 {code, detail} [I]")
    func manualRecording() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            #expect(try await h.send("PUT", Self.manual + "/broadcast", headers: auth).status == 500)
            #expect(try await h.send("PUT", Self.manual + "/start", headers: auth).status == 200)
            #expect(try await h.send("PUT", Self.manual + "/start", headers: auth).status == 500)
            #expect(try await h.send("PUT", Self.manual + "/record", headers: auth).status == 500)
            #expect(try await h.send("PUT", Self.manual + "/broadcast", headers: auth).status == 200)
            #expect(try await status(h, Self.manual, auth) == "Broadcasting")
            #expect(try await h.send("PUT", Self.manual + "/record", headers: auth).status == 200)
            #expect(try await status(h, Self.manual, auth) == "Recording")
            #expect(try await h.send("DELETE", Self.manual + "/record", headers: auth).status == 200)
            #expect(try await h.send("DELETE", Self.manual + "/record", headers: auth).status == 500)
            #expect(try await status(h, Self.manual, auth) == "Broadcasting")
        }
    }

    @Test("Pre-production: PUT start {preProduction:true}, DELETE start?preProduction=true back to Scheduled")
    func preProduction() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            #expect(try await h.json("PUT", Self.auto + "/start", #"{"preProduction":true}"#, headers: auth).status == 200)
            let s = try await h.send("GET", Self.auto + "/status", headers: auth).json
            #expect(s["isPreProduction"] == true && s["status"] == "InProgress")
            #expect(s["eventTitle"] == "Town Hall" && s["startDate"] != nil && s["endDate"] != nil)
            #expect(try await h.send("DELETE", Self.auto + "/start?preProduction=true", headers: auth).status == 200)
            #expect(try await status(h, Self.auto, auth) == "Scheduled")
            #expect(try await h.send("DELETE", Self.auto + "/start?preProduction=true", headers: auth).status == 500)
        }
    }

    @Test("platforms.md Reading state: GET /api/v2/scheduled-events/{id} returns the event's details")
    func details() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            let r = try await h.send("GET", Self.manual, headers: auth)
            #expect(r.status == 200 && r.json["title"] == "Town Hall (manual recording)" && r.json["disableAutoRecording"] == true)
        }
    }

    @Test("Bad input: unknown event 404, wrong method 405, malformed JSON 400, mistyped preProduction 400")
    func badInput() async throws {
        try await Harness.with { (h: Harness) async throws in
            let auth = try await login(h)
            #expect(try await h.send("PUT", "/vbrick/api/v2/scheduled-events/nope/start", headers: auth).status == 404)
            #expect(try await h.send("POST", Self.auto + "/start", headers: auth).status == 405)
            #expect(try await h.json("PUT", Self.auto + "/start", "{nope", headers: auth).status == 400)
            #expect(try await h.json("PUT", Self.auto + "/start", #"{"preProduction":"yes"}"#, headers: auth).status == 400)
            #expect(try await h.send("DELETE", Self.auto + "/start?preProduction=maybe", headers: auth).status == 400)
            #expect(try await h.send("POST", "/vbrick/api/v2/authenticate", headers: [("Content-Type", "text/plain")], body: "x").status == 400)
            #expect(try await status(h, Self.auto, auth) == "Scheduled")
        }
    }
}
