import Foundation

/// All simulated state, touched only under the simulator's lock.
struct World {
    var credentials: SimulatorCredentials
    var vbrick: VbrickState
    var convey: ConveyState
    var webex: WebexState
    var zoom: ZoomState
    var huawei: HuaweiState

    /// `rateLimits: false` switches off every platform's limiter (see `SimulatorConfiguration.rateLimits`).
    init(seed: SimulatorSeed, now: Date, rateLimits: Bool = true) {
        credentials = seed.credentials
        vbrick = VbrickState(seed: seed.vbrick, now: now)
        convey = ConveyState(seed: seed.convey)
        webex = WebexState(seed: seed.webex, creds: seed.credentials, now: now)
        zoom = ZoomState(seed: seed.zoom)
        huawei = HuaweiState(seed: seed.huawei, creds: seed.credentials)
        convey.limiter.enabled = rateLimits
        webex.limiter.enabled = rateLimits
        zoom.limiter.enabled = rateLimits
        huawei.limiter.enabled = rateLimits
    }

    mutating func handle(_ platform: Platform, _ req: SimRequest, now: Date) -> SimResponse {
        switch platform {
        case .vbrick: vbrick.handle(req, credentials, now: now)
        case .convey: convey.handle(req, credentials, now: now)
        case .webex: webex.handle(req, credentials, now: now)
        case .zoom: zoom.handle(req, credentials, now: now)
        case .huawei: huawei.handle(req, now: now).adding("X-Request-Id", Token.make(length: 32))
        }
    }

    mutating func revokeTokens(_ platform: Platform) {
        switch platform {
        case .vbrick: vbrick.revokeTokens()
        case .convey: convey.revokeTokens()
        case .webex: webex.revokeTokens()
        case .zoom: zoom.revokeTokens()
        case .huawei: huawei.revokeTokens()
        }
    }

    var snapshot: JSON {
        ["vbrick": ["events": vbrick.snapshot], "convey": convey.snapshot, "webex": ["meetings": webex.snapshot],
         "zoom": ["webinars": zoom.snapshot], "huawei": ["conferences": huawei.snapshot]]
    }

    /// Broken invariants; empty when every state machine is consistent. The fuzz checks this.
    var violations: [String] {
        vbrick.violations + convey.violations + webex.violations + zoom.violations + huawei.violations
    }

    /// The error a platform gives for a body over the size limit, in its own format.
    static func tooLarge(_ platform: Platform, now: Date) -> SimResponse {
        let message = "The request body is too large."
        switch platform {
        case .vbrick: return VbrickState.error(413, "PayloadTooLarge", message)
        case .convey: return .json(200, ConveyState.envelope(["returnCode": 72, "error": .string(message)], now),
                                   contentType: ConveyState.contentType)
        case .webex: return WebexState.error(413, message)
        case .zoom: return ZoomState.error(413, 300, message)
        case .huawei: return HuaweiState.error(413, "MMC.111070001", message).adding("X-Request-Id", Token.make(length: 32))
        }
    }
}
