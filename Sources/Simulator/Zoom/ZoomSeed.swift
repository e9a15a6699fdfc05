import Foundation

/// The simulated Zoom account's part of a seed: its webinars.
public struct ZoomSeed: PlatformSeed {
    public var webinars: [ZoomWebinarSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        webinars = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([ZoomWebinarSeed].self, forKey: .webinars) ?? []
    }
}

public struct ZoomWebinarSeed: Codable, Sendable, Equatable {
    public var id: Int64
    public var topic: String
    /// waiting, started or finished.
    public var status: String
    public var livestream: ZoomLivestreamSeed?
    /// False simulates a webinar whose host user was deleted (error 1001).
    public var hostExists: Bool?
    public init(id: Int64, topic: String, status: String, livestream: ZoomLivestreamSeed?) {
        self.id = id
        self.topic = topic
        self.status = status
        self.livestream = livestream
    }
}

public struct ZoomLivestreamSeed: Codable, Sendable, Equatable {
    public var streamURL: String
    public var streamKey: String
    public var pageURL: String
    public var resolution: String?
    enum CodingKeys: String, CodingKey {
        case streamURL = "stream_url", streamKey = "stream_key", pageURL = "page_url", resolution
    }
    public init(streamURL: String, streamKey: String, pageURL: String, resolution: String?) {
        self.streamURL = streamURL
        self.streamKey = streamKey
        self.pageURL = pageURL
        self.resolution = resolution
    }
}

extension SimulatorSeed {
    public var zoom: ZoomSeed {
        get { self[ZoomState.self] }
        set { self[ZoomState.self] = newValue }
    }
}

extension ZoomState {
    /// Server-to-Server OAuth: `POST /oauth/token` with Basic client id:secret.
    static let credentials = [
        "zoomAccountId": "sim-zoom-account", "zoomClientId": "sim-zoom-client", "zoomClientSecret": "sim-zoom-client-secret",
    ]

    /// A webinar started with its live stream configured, and one waiting without.
    static var standardSeed: ZoomSeed {
        var s = ZoomSeed()
        s.webinars = [
            .init(id: 68_423_085, topic: "Town Hall", status: "started", livestream: .init(
                streamURL: "rtmp://live.example.com/app", streamKey: "town-hall-key",
                pageURL: "https://example.com/town-hall", resolution: "1080p")),
            .init(id: 68_423_086, topic: "Town Hall (not configured)", status: "waiting", livestream: nil),
        ]
        return s
    }

    /// The API (/v2/...) and the OAuth token (/oauth/token) are both below the base URL.
    static func profile(baseURL: String, credentials c: SimulatorCredentials) -> [(key: String, value: String)] {
        [("base_url", baseURL), ("oauth_url", baseURL), ("account_id", c.declared("zoomAccountId")),
         ("client_id", c.declared("zoomClientId")), ("client_secret", c.declared("zoomClientSecret"))]
    }
}
