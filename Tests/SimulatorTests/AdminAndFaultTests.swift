import AsyncHTTPClient
import Foundation
import Testing
@testable import Simulator

/// The admin API, the fault syntax and effects, the request log, the clock and transport-level bad input.
@Suite struct AdminAndFaultTests {
    static let webexAuth = [("Authorization", "Bearer sim-webex-personal-access-token")]
    static let controls = "/webex/v1/meetings/controls?meetingId=560d7b784f5143e3be2fc3064a5c4999"

    @Test("Fault spec parses the documented syntax and rejects nonsense")
    func faultSyntax() throws {
        let spec = try FaultSpec(parsing: "zoom:latency=200ms~50ms,error=0.2:503;webex/*/controls:429=0.1,retry-after=2;huawei:reset=0.05;convey:drip=5ms;vbrick:revoke-tokens;*:423=0")
        #expect(spec.rules.count == 6)
        #expect(spec.rules[0].latency == .milliseconds(200) && spec.rules[0].jitter == .milliseconds(50) && spec.rules[0].errorStatus == 503)
        #expect(spec.rules[1].matches(.webex, "/v1/meetings/controls") && !spec.rules[1].matches(.webex, "/v1/meetings/x"))
        #expect(spec.rules[5].platform == nil)
        for bad in ["zoom", "mars:error=0.1", "zoom:error=2", "zoom:error=0.1:404", "zoom:latency=fast", "zoom:wobble=1"] {
            #expect(throws: FaultSpec.ParseError.self) { try FaultSpec(parsing: bad) }
        }
    }

    @Test("Faults: error=1:502 answers 502 on the scoped platform only")
    func errorFault() async throws {
        try await Harness.with(faults: "webex:error=1:502") { (h: Harness) async throws in
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 502)
            #expect(try await h.send("GET", "/zoom/v2/webinars/1").status == 401)
        }
    }

    @Test("Faults: 429=1 with retry-after; latency delays; set and cleared at run time through /_sim/faults")
    func runtimeFaults() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.send("PUT", "/_sim/faults", body: "webex:429=1,retry-after=4").status == 200)
            let r = try await h.send("GET", Self.controls, headers: Self.webexAuth)
            #expect(r.status == 429 && r.header("Retry-After") == "4")
            #expect(try await h.send("GET", "/_sim/faults").json["spec"] == "webex:429=1,retry-after=4")
            #expect(try await h.send("PUT", "/_sim/faults", body: "webex:bogus").status == 400)
            #expect(try await h.send("PUT", "/_sim/faults", body: "webex:latency=300ms").status == 200)
            let start = ContinuousClock.now
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(try await h.send("DELETE", "/_sim/faults").status == 204)
            #expect(try await h.send("GET", "/_sim/faults").json["spec"] == "")
        }
    }

    @Test("Faults: reset closes the connection without an answer")
    func resetFault() async throws {
        try await Harness.with(faults: "huawei:reset=1") { (h: Harness) async throws in
            await #expect(throws: (any Error).self) { try await h.send("GET", "/huawei/v1/mmc/control/conferences/token?conferenceID=1") }
            #expect(try await h.send("GET", "/_sim/health").status == 200)
        }
    }

    @Test("Faults: drip sends the body slowly but completely")
    func dripFault() async throws {
        try await Harness.with(faults: "webex:drip=5ms") { (h: Harness) async throws in
            let start = ContinuousClock.now
            let r = try await h.send("GET", Self.controls, headers: Self.webexAuth)
            #expect(r.status == 200 && r.json["locked"] == false)
            #expect(ContinuousClock.now - start >= .milliseconds(5 * r.body.count))
        }
    }

    @Test("Faults: revoke-tokens invalidates the platform's tokens once")
    func revokeTokens() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 200)
            #expect(try await h.send("PUT", "/_sim/faults", body: "webex:revoke-tokens").status == 200)
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 401)
        }
    }

    @Test("Request log: method, path, query, headers, body, status, time; secrets redacted")
    func requestLog() async throws {
        try await Harness.with { (h: Harness) async throws in
            _ = try await h.form("/convey/api/authenticate", [("username", "sim-convey-user"), ("password", "sim-convey-password")])
            _ = try await h.send("GET", Self.controls, headers: Self.webexAuth)
            _ = try await h.json("POST", "/vbrick/api/v2/authenticate", #"{"apiKey":"sim-vbrick-key","secret":"sim-vbrick-secret"}"#)
            let log = try await h.send("GET", "/_sim/log")
            #expect(log.json["total"] == 3)
            #expect(!log.text.contains("sim-convey-password") && !log.text.contains("sim-webex-personal-access-token")
                    && !log.text.contains("sim-vbrick-secret"))
            let entry = log.json["entries"]!.arrayValue![1]
            #expect(entry["method"] == "GET" && entry["path"] == "/webex/v1/meetings/controls" && entry["status"] == 200)
            #expect(entry["query"]?["meetingId"] == "560d7b784f5143e3be2fc3064a5c4999" && entry["time"] != nil)
            #expect(try await h.send("GET", "/_sim/log?since=2").json["entries"]?.arrayValue?.count == 1)
        }
    }

    @Test("Clock: /_sim/clock/advance moves the clock that token expiry reads")
    func clock() async throws {
        try await Harness.with { (h: Harness) async throws in
            let before = h.clock.now()
            let r = try await h.send("POST", "/_sim/clock/advance?seconds=43201")
            #expect(r.status == 200)
            #expect(h.clock.now().timeIntervalSince(before) == 43201)
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 401)
            #expect(try await h.send("POST", "/_sim/clock/advance?seconds=-5").status == 400)
        }
    }

    @Test("Seed and reset: POST /_sim/seed replaces resources and credentials; reset restores the start")
    func seedAndReset() async throws {
        try await Harness.with { (h: Harness) async throws in
            let seed = #"{"credentials":{"webexAccessToken":"other"},"webex":{"meetings":[{"id":"m1","title":"T","state":"inProgress"}]}}"#
            #expect(try await h.send("POST", "/_sim/seed", body: seed).status == 204)
            #expect(try await h.send("GET", "/webex/v1/meetings/controls?meetingId=m1", headers: [("Authorization", "Bearer other")]).status == 200)
            #expect(try await h.send("GET", "/_sim/state").json["resources"]?["vbrick"]?["events"] == [])
            #expect(try await h.send("POST", "/_sim/seed", body: "{nope").status == 400)
            #expect(try await h.send("POST", "/_sim/reset").status == 204)
            #expect(try await h.send("GET", Self.controls, headers: Self.webexAuth).status == 200)
        }
    }

    @Test("Default seed: one resource of each kind, Webex in progress, Zoom started and configured")
    func defaultSeed() async throws {
        try await Harness.with { (h: Harness) async throws in
            let state = try await h.send("GET", "/_sim/state").json["resources"]!
            #expect(state["vbrick"]?["events"]?.arrayValue?.isEmpty == false)
            #expect(state["convey"]?["events"]?.arrayValue?.isEmpty == false)
            #expect(state["webex"]?["meetings"]?.arrayValue?.first?["state"] == "inProgress")
            let zoom = state["zoom"]?["webinars"]?.arrayValue?.first
            #expect(zoom?["status"] == "started" && zoom?["configured"] == true)
            #expect(state["huawei"]?["conferences"]?.arrayValue?.first?["started"] == true)
            #expect(try await h.send("GET", "/_sim/check").json["violations"] == [])
        }
    }

    @Test("OpenAPI document per platform at /<platform>/openapi.json")
    func openAPI() async throws {
        try await Harness.with { (h: Harness) async throws in
            for p in Platform.allCases {
                let doc = try await h.send("GET", "/\(p.rawValue)/openapi.json").json
                #expect(doc["openapi"] == "3.0.0" && doc["paths"]?.objectValue?.isEmpty == false)
                #expect(doc["servers"]?.arrayValue?.first?["url"]?.stringValue == h.sim.baseURL(for: p))
            }
        }
    }

    @Test("Bad input at the transport: oversized bodies get the platform's error, unknown prefixes 404, binary garbage")
    func transportBadInput() async throws {
        try await Harness.with { (h: Harness) async throws in
            let big = [UInt8](repeating: 0x7b, count: (1 << 20) + 1)
            #expect(try await h.send("PUT", Self.controls, headers: Self.webexAuth, bytes: big).status == 413)
            let convey = try await h.send("POST", "/convey/api/event/create", bytes: big)
            #expect(convey.status == 200 && convey.json["convey_api"]?["result"]?["returnCode"] == 72)
            #expect(try await h.send("GET", "/nowhere").status == 404)
            #expect(try await h.send("GET", "/").status == 404)
            let garbage: [UInt8] = [0xff, 0xfe, 0x00, 0x80]
            #expect(try await h.send("POST", "/convey/api/authenticate", headers: [("Content-Type", "application/x-www-form-urlencoded")], bytes: garbage).json["convey_api"]?["result"]?["returnCode"] == 72)
            #expect(try await h.send("PUT", Self.controls, headers: Self.webexAuth + [("Content-Type", "application/json")], bytes: garbage).status == 400)
            #expect(try await h.send("GET", "/_sim/health").status == 200)
        }
    }

    @Test("Blocking start and stop from synchronous code, on an ephemeral port")
    func blocking() async throws {
        let sim = try await Task.detached { try PlatformSimulator.startBlocking() }.value
        #expect(sim.port > 0)
        let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: sim.baseURL + "/_sim/health"), timeout: .seconds(5))
        #expect(health.status.code == 200)
        await Task.detached { sim.stopBlocking() }.value
    }
}

@Suite struct RequestLogRedactionTests {
    @Test("Secrets are redacted from bodies that do not parse (malformed JSON) too")
    func malformedBodies() async throws {
        try await Harness.with { (h: Harness) async throws in
            _ = try await h.json("POST", "/vbrick/api/v2/authenticate", #"{"apiKey":"sim-vbrick-key","secret":"hunter2", oops"#)
            let log = try await h.send("GET", "/_sim/log")
            #expect(!log.text.contains("hunter2") && !log.text.contains("sim-vbrick-key"))
            #expect(log.text.contains("oops"))
        }
    }
}

@Suite struct LifecycleTests {
    @Test("A port already in use makes start throw instead of hanging")
    func portInUse() async throws {
        try await Harness.with { (h: Harness) async throws in
            await #expect(throws: (any Error).self) {
                let second = try await PlatformSimulator.start(.init(port: h.sim.port))
                await second.stop()
            }
        }
    }

    @Test("baseURL(for:) is the platform prefix on the bound port")
    func baseURLs() async throws {
        try await Harness.with { (h: Harness) async throws in
            #expect(h.sim.baseURL(for: .vbrick) == "http://127.0.0.1:\(h.sim.port)/vbrick")
            #expect(h.sim.credentials == SimulatorCredentials())
        }
    }
}

@Suite("Simulator: a request cut off by its client")
struct CutOffRequestTests {
    @Test("a request whose client goes away mid-body reached no platform: it is not logged as a refusal")
    func cutOffBodyNotLogged() async throws {
        try await Harness.with { h in
            let url = URL(string: h.sim.baseURL)!
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #expect(fd >= 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(url.port!).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let head = "PUT /vbrick/api/v2/scheduled-events/x/start HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pre"
            _ = head.withCString { send(fd, $0, strlen($0), 0) }
            close(fd)
            // The simulator has read and dropped the connection once a later request is answered.
            try await h.send("GET", "/_sim/log")
            let log = try await h.send("GET", "/_sim/log")
            #expect(!log.text.contains("413"), "\(log.text)")
        }
    }
}
