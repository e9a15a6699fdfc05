import Foundation

/// The simulated Convey account's part of a seed: its folders, its events, and what it may create.
public struct ConveySeed: PlatformSeed {
    public var homeFolderId: Int64 = 5000
    public var folders: [ConveyFolderSeed] = []
    public var events: [ConveyEventSeed] = []
    /// The guest presenter portal types (a bitmask of 1, 2, 4, 8, 16) the account may create;
    /// every one by default. A create or update asking for another is saved without it and
    /// answered returnCode 2, Partial Success (seed: "User account permissions may impact
    /// available properties") [I].
    public var guestPresenterTypes: Int64 = 31

    public init() {}
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        folders = try c.decodeIfPresent([ConveyFolderSeed].self, forKey: .folders) ?? []
        events = try c.decodeIfPresent([ConveyEventSeed].self, forKey: .events) ?? []
        homeFolderId = try c.decodeIfPresent(Int64.self, forKey: .homeFolderId) ?? folders.first?.id ?? 5000
        guestPresenterTypes = try c.decodeIfPresent(Int64.self, forKey: .guestPresenterTypes) ?? 31
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

extension SimulatorSeed {
    public var convey: ConveySeed {
        get { self[ConveyState.self] }
        set { self[ConveyState.self] = newValue }
    }
}

extension ConveyState {
    /// `POST /api/authenticate` form `username`, `password`.
    static let credentials = ["conveyUsername": "sim-convey-user", "conveyPassword": "sim-convey-password"]

    /// A live event in a two-level folder tree below the API user's home folder.
    static var standardSeed: ConveySeed {
        var s = ConveySeed()
        s.folders = [
            .init(id: 5000, name: "API Home", parentId: nil),
            .init(id: 5001, name: "Town Halls", parentId: 5000),
            .init(id: 5002, name: "2026", parentId: 5001),
            .init(id: 5003, name: "Archive", parentId: 5001),
        ]
        s.homeFolderId = 5000
        s.events = [.init(eventId: 1_000_001, folderId: 5001, eventData: [
            "event_title": "Town Hall", "type": "live", "scheduled_start_time": 1_800_003_600_000,
            "scheduled_duration": 60, "timezone": "US/Eastern", "region": 1, "acquisition_type": 2,
            "audience_capacity": 1000, "event_expiration_months": 12,
        ])]
        return s
    }

    static func profile(baseURL: String, credentials c: SimulatorCredentials) -> [(key: String, value: String)] {
        [("base_url", baseURL), ("username", c.declared("conveyUsername")), ("password", c.declared("conveyPassword"))]
    }
}
