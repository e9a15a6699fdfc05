import Testing
@testable import Simulator

/// seeds/huawei-meeting-live-broadcast.txt and platforms.md "Huawei Cloud Meeting".
@Suite struct HuaweiTests {
    static let tokenPath = "/huawei/v1/mmc/control/conferences/token?conferenceID="
    static let livePath = "/huawei/v1/mmc/control/conferences/live?conferenceID="

    func token(_ h: Harness, _ conf: String = "914044873") async throws -> Reply {
        try await h.send("GET", Self.tokenPath + conf, headers: [("X-Password", "sim-huawei-host-password"), ("X-Login-Type", "1")])
    }

    func live(_ h: Harness, _ token: String, _ body: String, _ conf: String = "914044873") async throws -> Reply {
        try await h.json("PUT", Self.livePath + conf, body, headers: [("X-Conference-Authorization", token)])
    }

    @Test("Control token: X-Password + X-Login-Type 1 gives data.token and expireTime (ms), valid 30 minutes")
    func controlToken() async throws {
        try await Harness.with { (h: Harness) async throws in
            let r = try await token(h)
            #expect(r.status == 200 && r.header("X-Request-Id") != nil)
            let expire = r.json["data"]?["expireTime"]?.intValue
            #expect(expire == h.clock.now().addingTimeInterval(1800).epochMilliseconds)
            let t = r.json["data"]!["token"]!.stringValue!
            h.clock.advance(by: 1801)
            #expect(try await live(h, t, #"{"isLive":1}"#).status == 401)
        }
    }

    @Test("Renewal: calling the token API again with X-Conference-Authorization renews without the password")
    func renewal() async throws {
        try await Harness.with { (h: Harness) async throws in
            let first = try await token(h).json["data"]!["token"]!.stringValue!
            h.clock.advance(by: 1700)
            let renewed = try await h.send("GET", Self.tokenPath + "914044873", headers: [("X-Conference-Authorization", first)])
            #expect(renewed.status == 200)
            let second = renewed.json["data"]!["token"]!.stringValue!
            h.clock.advance(by: 200)
            #expect(try await live(h, second, #"{"isLive":1}"#).status == 200)
            #expect(try await live(h, first, #"{"isLive":0}"#).status == 401)
        }
    }

    @Test("Live: isLive 1 starts, 0 stops; 200 with an empty body; a Basic prefix is accepted [I]")
    func startStop() async throws {
        try await Harness.with { (h: Harness) async throws in
            let t = try await token(h).json["data"]!["token"]!.stringValue!
            let on = try await live(h, t, #"{"isLive":1}"#)
            #expect(on.status == 200 && on.body.isEmpty)
            let info = try await h.send("GET", "/huawei/v1/mmc/control/conferences/realTimeInfo?conferenceID=914044873",
                                        headers: [("X-Conference-Authorization", t)])
            #expect(info.json["confInfo"]?["isLive"] == 1)
            #expect(try await live(h, "Basic " + t, #"{"isLive":0}"#).status == 200)
            #expect(h.sim.state["huawei"]?["conferences"]?.arrayValue?.first?["isLive"] == 0)
        }
    }

    @Test("platforms.md Prerequisite: live needs a live address (recordType 1 or 3): 403 otherwise [I]")
    func liveAddress() async throws {
        try await Harness.with { (h: Harness) async throws in
            let t = try await token(h, "914044874").json["data"]!["token"]!.stringValue!
            let r = try await live(h, t, #"{"isLive":1}"#, "914044874")
            #expect(r.status == 403 && r.json["error_code"]?.stringValue?.hasPrefix("MMC.") == true && r.json["error_msg"] != nil)
        }
    }

    @Test("Status codes 400: isLive missing, not 0/1, mistyped; malformed body; missing conferenceID; token before start")
    func invalidParameters() async throws {
        var seed = SimulatorSeed.standard
        seed.huawei.conferences.append(.init(conferenceID: "1", subject: "later", hostPassword: nil, recordType: 1, started: false))
        try await Harness.with(seed: seed) { (h: Harness) async throws in
            let t = try await token(h).json["data"]!["token"]!.stringValue!
            for body in ["{}", #"{"isLive":2}"#, #"{"isLive":"1"}"#, #"{"isLive":true}"#, "{nope", "[]"] {
                #expect(try await live(h, t, body).status == 400, "\(body)")
            }
            #expect(try await h.send("PUT", "/huawei/v1/mmc/control/conferences/live", headers: [("X-Conference-Authorization", t)]).status == 400)
            #expect(try await token(h, "1").status == 400)
            #expect(try await token(h, "404404").status == 400)
        }
    }

    @Test("Status codes 401 (no token, wrong password) and 403 (token of another conference)")
    func authFailures() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.json("PUT", Self.livePath + "914044873", #"{"isLive":1}"#).status == 401)
            let wrong = try await h.send("GET", Self.tokenPath + "914044873", headers: [("X-Password", "nope"), ("X-Login-Type", "1")])
            #expect(wrong.status == 401 && wrong.json["error_code"]?.stringValue?.hasPrefix("USG.") == true)
            let other = try await token(h, "914044874").json["data"]!["token"]!.stringValue!
            #expect(try await live(h, other, #"{"isLive":1}"#).status == 403)
            #expect(try await h.send("POST", Self.livePath + "914044873").status == 405)
        }
    }
}

@Suite struct HuaweiRateLimitTests {
    @Test("platforms.md Rate limits: X-APIG-Ratelimit-Api remain:N,limit:100,time:1 minute; over it 429 APIGW.0308")
    func rateLimit() async throws {
        try await Harness.with { (h: Harness) async throws in
            let path = "/huawei/v1/mmc/control/conferences/realTimeInfo?conferenceID=914044873"
            let first = try await h.send("GET", path)
            #expect(first.header("X-APIG-Ratelimit-Api") == "remain:99,limit:100,time:1 minute")
            for _ in 0..<99 { _ = try await h.send("GET", path) }
            let over = try await h.send("GET", path)
            #expect(over.status == 429 && over.json["error_code"] == "APIGW.0308" && over.header("Retry-After") != nil)
            h.clock.advance(by: 60)
            #expect(try await h.send("GET", path).status == 401)
        }
    }
}
