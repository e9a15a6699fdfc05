import LuaHost
import Platforms

/// One call of one client, as a script makes it. Clients are made fresh for each input, so
/// no token outlives it; retries are quick and few, so a fuzz input runs in microseconds.
struct Scenario: Sendable {
    let name: String
    let run: @Sendable () async throws -> LuaValue

    static let base = "http://fuzz.invalid"

    static var policy: RetryPolicy {
        var p = RetryPolicy()
        p.timeout = .milliseconds(30) // bounds every wait an answer asks for (Retry-After)
        p.maxAttempts = 3
        p.baseDelay = 0.0001
        p.maxDelay = 0.0004
        return p
    }

    static func vbrick(user: Bool = false) -> VbrickClient {
        VbrickClient(settings: VbrickSettings(baseURL: base, credentials: user ? .user(username: Credentials.user, password: Credentials.password)
            : .apiKey(key: Credentials.vbrickKey, secret: Credentials.vbrickSecret)), rateLimited: false, policy: policy)
    }
    static func convey() -> ConveyClient {
        ConveyClient(settings: ConveySettings(baseURL: base, credentials: .init(username: Credentials.user, password: Credentials.password)),
                     rateLimited: false, policy: policy)
    }
    static func webex(integration: Bool = false) -> WebexClient {
        WebexClient(settings: WebexSettings(baseURL: base, credentials: integration
            ? .integration(clientID: Credentials.clientID, clientSecret: Credentials.clientSecret, refreshToken: Credentials.refresh)
            : .accessToken(Credentials.webexToken)), rateLimited: false, policy: policy)
    }
    static func zoom() -> ZoomClient {
        ZoomClient(settings: ZoomSettings(baseURL: base, oauthURL: base, credentials: .init(
            accountID: "fuzz-account", clientID: Credentials.clientID, clientSecret: Credentials.clientSecret)), rateLimited: false, policy: policy)
    }
    static func huawei() throws -> HuaweiConference {
        try HuaweiClient(settings: HuaweiSettings(baseURL: base, credentials: .init(hostPassword: Credentials.hostPassword)),
                         rateLimited: false, policy: policy).conference("914044873", password: nil)
    }

    static let event = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c", meeting = "560d7b784f5143e3be2fc3064a5c4999", webinar = "68423085"
    static let done: LuaValue = true
    static let conveyEvent: [String: LuaValue] = [
        "event_title": "Town Hall", "type": "live", "scheduled_start_time": 1_800_003_600_000, "scheduled_duration": 60,
        "timezone": "US/Eastern", "region": 1, "acquisition_type": 2, "audience_capacity": 1000, "event_expiration_months": 12,
    ]

    static let all: [Scenario] = [
        Scenario(name: "vbrick status") { let c = vbrick(); return try await c.status(event).raw },
        Scenario(name: "vbrick details (user login)") { try await vbrick(user: true).details(event) },
        Scenario(name: "vbrick start") { try await vbrick().start(event, preProduction: true); return done },
        Scenario(name: "vbrick status twice (session extended)") {
            let c = vbrick()
            _ = try await c.status(event)
            return try await c.status(event).raw
        },
        Scenario(name: "vbrick broadcast stop") { try await vbrick().stopBroadcast(event); return done },
        Scenario(name: "convey status") { try await convey().status("1234567") },
        Scenario(name: "convey create") { try await convey().create(conveyEvent) },
        Scenario(name: "convey update") { try await convey().update("1234567", ["scheduled_duration": 90]) },
        Scenario(name: "convey folders") { try await convey().folderTree() },
        Scenario(name: "webex controls") { try await webex().controls(meeting).json },
        Scenario(name: "webex record start (integration)") { try await webex(integration: true).update(meeting, operation: "record.start", recordingStarted: true).json },
        Scenario(name: "webex meeting") { try await webex().meeting(meeting) },
        Scenario(name: "zoom webinar") { try await zoom().webinar(webinar) },
        Scenario(name: "zoom livestream") { try await zoom().livestream(webinar) },
        Scenario(name: "zoom livestream start") {
            try await zoom().setStatus(webinar, start: true, settings: ["display_name": "Town Hall"]); return done
        },
        Scenario(name: "zoom livestream stop") { try await zoom().setStatus(webinar, start: false); return done },
        Scenario(name: "zoom configure") {
            try await zoom().configure(webinar, ["stream_url": "rtmp://a", "stream_key": "fuzz-stream-key", "page_url": "https://p"])
            return done
        },
        Scenario(name: "huawei realTimeInfo") { try await huawei().realTimeInfo() },
        Scenario(name: "huawei live start") { try await huawei().setLive(true); return done },
    ]
}
