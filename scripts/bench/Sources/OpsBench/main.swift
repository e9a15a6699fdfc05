// The platform layer under load, against a standalone simulator started with its rate limits off
// (`showcall sim --no-rate-limits`): 1,000 mixed operations (the mix of peers/mix.py) as
// (1) raw HTTP round trips on the same client, one at a time and 100 at once, and (2) the same
// operations through the Lua bindings, one at a time and from 100 tasks. Prints table rows:
// throughput, and the runtime's own time per operation over the raw round trip.
//   ops-bench http://127.0.0.1:PORT [ops]
import Foundation
import LuaHost
import Platforms
import ShowEngine

let base = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "http://127.0.0.1:8787"
let ops = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 1000 : 1000
let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../stdlib").standardized.path

var profile = Profile(name: "bench", source: "a standalone simulator at \(base)", simulated: true)
profile.rateLimits = false
profile.vbrick = VbrickSettings(baseURL: base + "/vbrick", credentials: .apiKey(key: "sim-vbrick-key", secret: "sim-vbrick-secret"))
profile.convey = ConveySettings(baseURL: base + "/convey", credentials: .init(username: "sim-convey-user", password: "sim-convey-password"))
profile.webex = WebexSettings(baseURL: base + "/webex", credentials: .accessToken("sim-webex-personal-access-token"))
profile.zoom = ZoomSettings(baseURL: base + "/zoom", oauthURL: base + "/zoom", credentials: .init(
    accountID: "sim-zoom-account", clientID: "sim-zoom-client", clientSecret: "sim-zoom-client-secret"))
profile.huawei = HuaweiSettings(baseURL: base + "/huawei", credentials: .init(hostPassword: "sim-huawei-host-password"))
let directory = PlatformDirectory(profile: profile)

let vbrickEvent = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c", meeting = "560d7b784f5143e3be2fc3064a5c4999"

/// The mix on the wire, with tokens the clients obtained: what a hand-written client would send.
func rawRequests() async throws -> [(base: String, request: WireRequest)] {
    let vbrick = try await directory.vbrick().session.auth!.token()
    let convey = try await directory.convey().session.auth!.token()
    let zoom = try await directory.zoom().session.auth!.token()
    let huawei = try await directory.huawei().conference("914044873", password: nil).session.auth!.token()
    let webex = "Bearer sim-webex-personal-access-token"
    return (0 ..< ops).map { i in
        switch i % 6 {
        case 0: (base + "/vbrick", WireRequest("GET", "/api/v2/scheduled-events/\(vbrickEvent)/status").header("Authorization", "VBrick \(vbrick)"))
        case 1: (base + "/convey", WireRequest("POST", "/api/event/status").form([("token", convey), ("event_id", "1000001")]))
        case 2: (base + "/webex", WireRequest("PUT", "/v1/meetings/controls", query: [("meetingId", meeting)])
                    .header("Authorization", webex).json(["locked": .bool((i / 6) % 2 == 0)]))
        case 3: (base + "/zoom", WireRequest("GET", "/v2/webinars/68423085/livestream").header("Authorization", "Bearer \(zoom)"))
        case 4: (base + "/huawei", WireRequest("GET", "/v1/mmc/control/conferences/realTimeInfo", query: [("conferenceID", "914044873")])
                    .header("X-Conference-Authorization", huawei))
        default: (base + "/webex", WireRequest("GET", "/v1/meetings/controls", query: [("meetingId", meeting)]).header("Authorization", webex))
        }
    }
}

/// Seconds for all requests, `parallel` at a time; every answer is read and parsed, as the clients do.
func raw(_ requests: [(base: String, request: WireRequest)], parallel: Int) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        func add() {
            let (b, r) = requests[next]
            next += 1
            group.addTask {
                let answer = try await PlatformHTTP.shared.send(r, base: b, deadline: .now + .seconds(30))
                guard (200 ..< 300).contains(answer.status), answer.json != nil else { throw BenchError("HTTP \(answer.status)") }
            }
        }
        for _ in 0 ..< min(parallel, requests.count) { add() }
        while try await group.next() != nil { if next < requests.count { add() } }
    }
    let d = start.duration(to: .now).components
    return Double(d.seconds) + Double(d.attoseconds) / 1e18
}

struct BenchError: Error { let text: String; init(_ t: String) { text = t } }

let luaMix = """
    local n, parallel = ...
    local sc = require "showcall"
    local vb = require("showcall.vbrick").event("\(vbrickEvent)")
    local cv = require("showcall.convey").event(1000001)
    local m = require("showcall.webex").meeting("\(meeting)")
    local lv = require("showcall.zoom").webinar(68423085).livestream
    local hc = require("showcall.huawei").conference("914044873")
    local mix = {
      function() return vb:status() end,
      function() return cv:status() end,
      function(i) if (i // 6) % 2 == 0 then return m:lock() else return m:unlock() end end,
      function() return lv:status() end,
      function() return hc:status() end,
      function() return m:status() end,
    }
    for i = 0, 5 do mix[i + 1](i) end -- authenticate everywhere first, as the raw run does
    local t0, next_i = sc.clock_ns(), 0
    local function worker()
      while next_i < n do
        local i = next_i
        next_i = i + 1
        mix[i % 6 + 1](i)
      end
    end
    if parallel == 1 then worker() else
      local workers = {}
      for w = 1, parallel do workers[w] = worker end
      sc.parallel(workers)
    end
    return (sc.clock_ns() - t0) / 1e9
    """

/// Runs the mix through the Lua bindings on a thread of its own (the Lua loop blocks while it waits).
func lua(parallel: Int) throws -> Double {
    let state = try LuaState()
    state.prependModulePaths([stdlib])
    let engine = try Engine(state: state, clock: RealClock(), backends: [PlatformBackend(directory: directory)], output: { _ in })
    let main = try engine.runMain(try state.load(luaMix, name: "=ops-bench"), args: [LuaValue.integer(Int64(ops)), LuaValue.integer(Int64(parallel))])
    if let failure = main.failure { throw failure }
    guard case .number(let seconds)? = main.results.first else { throw BenchError("no result") }
    return seconds
}

func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        let t = Thread { do { c.resume(returning: try body()) } catch { c.resume(throwing: error) } }
        t.stackSize = 16 << 20
        t.start()
    }
}

let requests = try await rawRequests()
_ = try await raw(requests, parallel: 100) // warm the connection pool
_ = try await onThread { try lua(parallel: 100) }
// Raw and runtime runs alternate, so drift in the machine's speed hits both alike; the overhead
// is the median of the paired differences, throughputs the best run of each.
var rawSeq: [Double] = [], luaSeq: [Double] = [], rawPar: [Double] = [], luaPar: [Double] = []
for _ in 0 ..< 9 {
    rawSeq.append(try await raw(requests, parallel: 1))
    luaSeq.append(try await onThread { try lua(parallel: 1) })
    rawPar.append(try await raw(requests, parallel: 100))
    luaPar.append(try await onThread { try lua(parallel: 100) })
}
let overhead = zip(luaSeq, rawSeq).map { $0 - $1 }.sorted()[rawSeq.count / 2]
func row(_ name: String, _ value: Double, _ unit: String, _ target: String = "") {
    print("\(name)\t\(String(format: value < 10 ? "%.2f" : "%.0f", value))\t\(unit)\t\(target)")
}
row("ops.raw_http_sequential", Double(ops) / rawSeq.min()!, "ops/s")
row("ops.runtime_sequential", Double(ops) / luaSeq.min()!, "ops/s")
row("ops.runtime_overhead_per_op", overhead / Double(ops) * 1e6, "µs", "<= 100")
row("ops.raw_http_parallel100", Double(ops) / rawPar.min()!, "ops/s")
row("ops.runtime_parallel100", Double(ops) / luaPar.min()!, "ops/s")
