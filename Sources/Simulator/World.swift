import Foundation

/// All simulated state, touched only under the simulator's lock.
struct World {
    /// The simulated platforms, in the order they are listed; a new one is one more entry here.
    static let platforms: [any SimulatedPlatform.Type] = [VbrickState.self, ConveyState.self, WebexState.self, ZoomState.self, HuaweiState.self]

    var credentials: SimulatorCredentials
    private var states: [Platform: any SimulatedPlatform] = [:]

    /// `rateLimits: false` switches off every platform's limiter (see `SimulatorConfiguration.rateLimits`).
    init(seed: SimulatorSeed, now: Date, rateLimits: Bool = true) {
        credentials = seed.credentials
        for kind in Self.platforms {
            var state = kind.state(from: seed, now: now)
            state.limitRates(rateLimits)
            states[kind.platform] = state
        }
    }

    mutating func handle(_ platform: Platform, _ req: SimRequest, now: Date) -> SimResponse {
        states[platform]!.handle(req, now: now)
    }

    mutating func revokeTokens(_ platform: Platform) {
        states[platform]!.revokeTokens()
    }

    var snapshot: JSON {
        .object(Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value.snapshot) }))
    }

    /// Broken invariants; empty when every state machine is consistent. The fuzz checks this.
    var violations: [String] {
        Platform.allCases.flatMap { states[$0]?.violations ?? [] }
    }

    /// The platform's type, for what belongs to it rather than to its state.
    static func kind(_ platform: Platform) -> any SimulatedPlatform.Type {
        platforms.first { $0.platform == platform }!
    }
}
