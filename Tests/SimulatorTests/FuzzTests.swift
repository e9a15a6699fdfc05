import Testing
@testable import Simulator

/// The reduced, in-process form of scripts/sim/fuzz: 2,000 random requests, then the server must
/// be up, its state machines consistent, and no answer an undocumented 5xx.
@Suite struct FuzzTests {
    /// SplitMix64, so a failure can be replayed from its seed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let paths = [
        "/vbrick/api/v2/scheduled-events/6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c/start",
        "/vbrick/api/v2/scheduled-events/8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/broadcast",
        "/vbrick/api/v2/scheduled-events/8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/record",
        "/vbrick/api/v2/scheduled-events/6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c/start?preProduction=true",
        "/vbrick/api/v2/scheduled-events/nope/status", "/vbrick/api/v2/authenticate",
        "/convey/api/event/create", "/convey/api/event/update", "/convey/api/event/status", "/convey/api/folder/tree",
        "/convey/api/authenticate",
        "/webex/v1/meetings/controls?meetingId=560d7b784f5143e3be2fc3064a5c4999",
        "/webex/v1/meetings/controls?meetingId=nope", "/webex/v1/access_token",
        "/zoom/v2/webinars/68423085/livestream/status", "/zoom/v2/webinars/68423086/livestream",
        "/zoom/v2/webinars/abc/livestream/status", "/zoom/oauth/token",
        "/huawei/v1/mmc/control/conferences/live?conferenceID=914044873",
        "/huawei/v1/mmc/control/conferences/live?conferenceID=914044874",
        "/huawei/v1/mmc/control/conferences/token?conferenceID=914044873",
        "/_sim/state", "/_sim/nope", "/nowhere/at/all", "/",
    ]
    static let bodies = [
        "", "{", "[]", "null", #"{"isLive":1}"#, #"{"isLive":0}"#, #"{"isLive":"1"}"#, #"{"recordingStarted":true}"#,
        #"{"recordingPaused":true}"#, #"{"recordingStarted":false,"recordingPaused":true}"#, #"{"locked":1}"#,
        #"{"action":"start"}"#, #"{"action":"stop","settings":{"display_name":"x"}}"#, #"{"preProduction":true}"#,
        #"{"stream_url":"rtmp://a","stream_key":"k","page_url":"p"}"#,
        "token=bad&event_data=%7B%7D", "event_id=1000001&token=x", "\u{0}\u{1}\u{ff}", "a=b=c&&=",
    ]
    static let types = ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    @Test("2,000 random requests leave the server up and its state consistent")
    func fuzz() async throws {
        try await Harness.with { (h: Harness) async throws in
            var rng = Random(state: 4)
            let vbrick = try await h.json("POST", "/vbrick/api/v2/authenticate", #"{"apiKey":"sim-vbrick-key","secret":"sim-vbrick-secret"}"#)
            let huawei = try await h.send("GET", "/huawei/v1/mmc/control/conferences/token?conferenceID=914044873",
                                          headers: [("X-Password", "sim-huawei-host-password"), ("X-Login-Type", "1")])
            let auths: [(String, String)] = [
                ("Authorization", "VBrick " + (vbrick.json["token"]?.stringValue ?? "")),
                ("Authorization", "Bearer sim-webex-personal-access-token"), ("Authorization", "Bearer junk"),
                ("X-Conference-Authorization", huawei.json["data"]?["token"]?.stringValue ?? ""),
            ]
            var undocumented: [String] = []
            for _ in 0..<2000 {
                let path = Self.paths.randomElement(using: &rng)!
                let method = Self.methods.randomElement(using: &rng)!
                var headers = [auths.randomElement(using: &rng)!]
                let type = Self.types.randomElement(using: &rng)!
                if !type.isEmpty { headers.append(("Content-Type", type)) }
                let body = Self.bodies.randomElement(using: &rng)!
                let r = try await h.send(method, path, headers: headers, body: method == "GET" ? nil : body)
                if r.status >= 500 && !(r.status == 500 && path.hasPrefix("/vbrick")) { undocumented.append("\(r.status) \(method) \(path)") }
            }
            #expect(undocumented.isEmpty, "\(undocumented.prefix(10))")
            #expect(try await h.send("GET", "/_sim/health").status == 200)
            #expect(try await h.send("GET", "/_sim/check").json["violations"] == [])
            #expect(h.sim.violations.isEmpty)
        }
    }
}
