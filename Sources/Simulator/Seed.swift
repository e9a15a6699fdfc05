import Foundation

/// The resources a simulator starts from, read from JSON (`--seed FILE`, `POST /_sim/seed`).
/// Every field but the ids may be left out; see `SimulatorSeed.standard` for a complete example.
public struct SimulatorSeed: Codable, Sendable, Equatable {
    public var credentials = SimulatorCredentials()
    public var vbrick = VbrickSeed()
    public var convey = ConveySeed()
    public var webex = WebexSeed()
    public var zoom = ZoomSeed()
    public var huawei = HuaweiSeed()

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        credentials = try c.decodeIfPresent(SimulatorCredentials.self, forKey: .credentials) ?? .init()
        vbrick = try c.decodeIfPresent(VbrickSeed.self, forKey: .vbrick) ?? .init()
        convey = try c.decodeIfPresent(ConveySeed.self, forKey: .convey) ?? .init()
        webex = try c.decodeIfPresent(WebexSeed.self, forKey: .webex) ?? .init()
        zoom = try c.decodeIfPresent(ZoomSeed.self, forKey: .zoom) ?? .init()
        huawei = try c.decodeIfPresent(HuaweiSeed.self, forKey: .huawei) ?? .init()
    }

    public static func load(from url: URL) throws -> SimulatorSeed {
        try JSONDecoder().decode(SimulatorSeed.self, from: Data(contentsOf: url))
    }

    /// One resource of each kind in a state a town-hall rehearsal can use: a Vbrick webcast
    /// scheduled, a Convey event in a two-level folder tree, a Webex meeting in progress, a Zoom
    /// webinar started with its live stream configured, a Huawei conference started with live enabled.
    public static let standard: SimulatorSeed = {
        var s = SimulatorSeed()
        s.vbrick.events = [
            .init(id: "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c", title: "Town Hall", disableAutoRecording: false),
            .init(id: "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", title: "Town Hall (manual recording)",
                  disableAutoRecording: true),
        ]
        s.convey.folders = [
            .init(id: 5000, name: "API Home", parentId: nil),
            .init(id: 5001, name: "Town Halls", parentId: 5000),
            .init(id: 5002, name: "2026", parentId: 5001),
            .init(id: 5003, name: "Archive", parentId: 5001),
        ]
        s.convey.homeFolderId = 5000
        s.convey.events = [.init(eventId: 1_000_001, folderId: 5001, eventData: [
            "event_title": "Town Hall", "type": "live", "scheduled_start_time": 1_800_003_600_000,
            "scheduled_duration": 60, "timezone": "US/Eastern", "region": 1, "acquisition_type": 2,
            "audience_capacity": 1000, "event_expiration_months": 12,
        ])]
        s.webex.meetings = [
            .init(id: "560d7b784f5143e3be2fc3064a5c4999", title: "Town Hall", state: "inProgress"),
            .init(id: "9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50", title: "Next Town Hall", state: "scheduled"),
        ]
        s.zoom.webinars = [
            .init(id: 68_423_085, topic: "Town Hall", status: "started", livestream: .init(
                streamURL: "rtmp://live.example.com/app", streamKey: "town-hall-key",
                pageURL: "https://example.com/town-hall", resolution: "1080p")),
            .init(id: 68_423_086, topic: "Town Hall (not configured)", status: "waiting", livestream: nil),
        ]
        s.huawei.conferences = [
            .init(conferenceID: "914044873", subject: "Town Hall", hostPassword: nil, recordType: 1, started: true),
            .init(conferenceID: "914044874", subject: "Staff Meeting", hostPassword: nil, recordType: 0, started: true),
        ]
        return s
    }()
}

public struct VbrickSeed: Codable, Sendable, Equatable {
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

public struct ConveySeed: Codable, Sendable, Equatable {
    public var homeFolderId: Int64 = 5000
    public var folders: [ConveyFolderSeed] = []
    public var events: [ConveyEventSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        folders = try c.decodeIfPresent([ConveyFolderSeed].self, forKey: .folders) ?? []
        events = try c.decodeIfPresent([ConveyEventSeed].self, forKey: .events) ?? []
        homeFolderId = try c.decodeIfPresent(Int64.self, forKey: .homeFolderId) ?? folders.first?.id ?? 5000
    }
}

public struct ConveyFolderSeed: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var parentId: Int64?
    public init(id: Int64, name: String, parentId: Int64?) {
        self.id = id
        self.name = name
        self.parentId = parentId
    }
}

public struct ConveyEventSeed: Codable, Sendable, Equatable {
    public var eventId: Int64
    public var folderId: Int64?
    /// The event_data of a create request; it goes through the same rules as one.
    public var eventData: JSON
    public init(eventId: Int64, folderId: Int64?, eventData: JSON) {
        self.eventId = eventId
        self.folderId = folderId
        self.eventData = eventData
    }
}

public struct WebexSeed: Codable, Sendable, Equatable {
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

public struct ZoomSeed: Codable, Sendable, Equatable {
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

public struct HuaweiSeed: Codable, Sendable, Equatable {
    public var conferences: [HuaweiConferenceSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        conferences = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([HuaweiConferenceSeed].self, forKey: .conferences) ?? []
    }
}

public struct HuaweiConferenceSeed: Codable, Sendable, Equatable {
    public var conferenceID: String
    public var subject: String
    /// Defaults to `credentials.huaweiHostPassword`.
    public var hostPassword: String?
    /// 0 none, 1 live, 2 record, 3 live and record: only 1 and 3 have a live address.
    public var recordType: Int
    public var started: Bool
    public init(conferenceID: String, subject: String, hostPassword: String?, recordType: Int, started: Bool) {
        self.conferenceID = conferenceID
        self.subject = subject
        self.hostPassword = hostPassword
        self.recordType = recordType
        self.started = started
    }
}
