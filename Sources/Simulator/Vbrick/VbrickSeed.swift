import Foundation

/// The simulated Rev's part of a seed: its scheduled events.
public struct VbrickSeed: PlatformSeed {
    public var events: [VbrickEventSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        events = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([VbrickEventSeed].self, forKey: .events) ?? []
    }
}

public struct VbrickEventSeed: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var startDate: String?
    public var endDate: String?
    /// One of Scheduled, InProgress, Broadcasting, Recording, Completed; default Scheduled.
    public var status: String?
    public var isPreProduction: Bool?
    public var disableAutoRecording: Bool?

    public init(id: String, title: String, status: String? = nil, disableAutoRecording: Bool? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.disableAutoRecording = disableAutoRecording
    }
}

extension SimulatorSeed {
    public var vbrick: VbrickSeed {
        get { self[VbrickState.self] }
        set { self[VbrickState.self] = newValue }
    }
}

extension VbrickState {
    /// `POST /api/v2/authenticate {apiKey, secret}` or `POST /api/v2/user/login {username, password}`.
    static let credentials = [
        "vbrickApiKey": "sim-vbrick-key", "vbrickSecret": "sim-vbrick-secret",
        "vbrickUsername": "sim.producer", "vbrickPassword": "sim-vbrick-password",
    ]

    /// A scheduled webcast with auto recording, and one with manual recording.
    static var standardSeed: VbrickSeed {
        var s = VbrickSeed()
        s.events = [
            .init(id: "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c", title: "Town Hall", disableAutoRecording: false),
            .init(id: "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", title: "Town Hall (manual recording)", disableAutoRecording: true),
        ]
        return s
    }

    /// The API key; a username and password (`vbrickUsername`...) are accepted too.
    static func profile(baseURL: String, credentials c: SimulatorCredentials) -> [(key: String, value: String)] {
        [("base_url", baseURL), ("api_key", c.declared("vbrickApiKey")), ("secret", c.declared("vbrickSecret"))]
    }
}
