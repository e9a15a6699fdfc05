import Foundation

/// The simulated Webex site's part of a seed: its meetings.
public struct WebexSeed: PlatformSeed {
    public var meetings: [WebexMeetingSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        meetings = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([WebexMeetingSeed].self, forKey: .meetings) ?? []
    }
}

public struct WebexMeetingSeed: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// One of active, scheduled, ready, lobby, inProgress, ended, missed, expired.
    public var state: String
    public var locked: Bool?
    public var recordingStarted: Bool?
    public var recordingPaused: Bool?
    public init(id: String, title: String, state: String) {
        self.id = id
        self.title = title
        self.state = state
    }
}

extension SimulatorSeed {
    public var webex: WebexSeed {
        get { self[WebexState.self] }
        set { self[WebexState.self] = newValue }
    }
}

extension WebexState {
    /// A personal access token (valid 12 hours from reset), or the integration's refresh flow
    /// `POST /v1/access_token`.
    static let credentials = [
        "webexAccessToken": "sim-webex-personal-access-token", "webexClientId": "sim-webex-client",
        "webexClientSecret": "sim-webex-client-secret", "webexRefreshToken": "sim-webex-refresh-token",
    ]

    /// A meeting in progress and one scheduled.
    static var standardSeed: WebexSeed {
        var s = WebexSeed()
        s.meetings = [
            .init(id: "560d7b784f5143e3be2fc3064a5c4999", title: "Town Hall", state: "inProgress"),
            .init(id: "9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50", title: "Next Town Hall", state: "scheduled"),
        ]
        return s
    }

    /// The personal access token; the integration's client_id, client_secret and refresh_token
    /// (`webexClientId`...) are accepted too, and listed in the README.
    static func profile(baseURL: String, credentials c: SimulatorCredentials) -> [(key: String, value: String)] {
        [("base_url", baseURL), ("access_token", c.declared("webexAccessToken"))]
    }
}
