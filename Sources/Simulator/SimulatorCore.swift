import Foundation

/// The simulator without its transport: state, faults, log and clock, shared by every connection.
final class SimulatorCore: Sendable {
    static let maxBodySize = 1 << 20

    let clock: any SimulatorClock
    let initialSeed: SimulatorSeed
    /// Whether the platforms' rate limits apply; fixed at start, so a reset keeps it.
    let rateLimits: Bool
    let world: Locked<World>
    let faults: Locked<FaultSpec>
    let log = Locked(RequestLog())
    let webhooks = Locked(WebhookSink())
    /// Each platform's OpenAPI document, built once the bound port is known.
    let openAPI = Locked<[Platform: SimResponse]>([:])

    init(seed: SimulatorSeed, faults: FaultSpec, clock: any SimulatorClock, rateLimits: Bool = true) {
        self.clock = clock
        initialSeed = seed
        self.rateLimits = rateLimits
        world = Locked(World(seed: seed, now: clock.now(), rateLimits: rateLimits))
        self.faults = Locked(FaultSpec())
        setFaults(faults)
    }

    func serve(at baseURL: String) {
        let docs = Dictionary(uniqueKeysWithValues: Platform.allCases.map {
            ($0, SimResponse.json(200, OpenAPI.document($0, baseURL: baseURL + "/" + $0.rawValue)))
        })
        openAPI.withLock { $0 = docs }
    }

    func reset(to seed: SimulatorSeed) {
        world.withLock { $0 = World(seed: seed, now: clock.now(), rateLimits: rateLimits) }
        faults.withLock { $0 = FaultSpec() }
        log.withLock { $0.clear() }
        webhooks.withLock { $0.clear() }
    }

    /// Installs faults; `revoke-tokens` takes effect now, once.
    func setFaults(_ spec: FaultSpec) {
        world.withLock { w in
            for rule in spec.rules where rule.revokeTokens {
                for p in Platform.allCases where rule.platform == nil || rule.platform == p { w.revokeTokens(p) }
            }
        }
        faults.withLock { $0 = spec }
    }

    func faultDecision(_ platform: Platform, _ path: String) -> FaultDecision? {
        let rules = faults.withLock { $0.rules.filter { $0.matches(platform, path) } }
        return rules.isEmpty ? nil : FaultDecision(rules)
    }

    /// Answers a platform request and records it.
    func platform(_ platform: Platform, _ req: SimRequest) -> SimResponse {
        let now = clock.now()
        let response: SimResponse
        if req.path == "/openapi.json" && req.method == "GET" {
            response = openAPI.withLock { $0[platform] } ?? .json(404, ["error": "Not ready."])
        } else {
            response = world.withLock { $0.handle(platform, req, now: now) }
        }
        record(platform, req, status: response.status, time: now)
        return response
    }

    func record(_ platform: Platform, _ req: SimRequest, status: Int, time: Date) {
        log.withLock { $0.append(req, platform: platform, status: status, time: time) }
    }
}
