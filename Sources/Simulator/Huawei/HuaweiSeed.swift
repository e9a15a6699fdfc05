import Foundation

/// The simulated Huawei Cloud Meeting's part of a seed: its conferences.
public struct HuaweiSeed: PlatformSeed {
    public var conferences: [HuaweiConferenceSeed] = []
    public init() {}
    public init(from decoder: any Decoder) throws {
        conferences = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([HuaweiConferenceSeed].self, forKey: .conferences) ?? []
    }
}

public struct HuaweiConferenceSeed: Codable, Sendable, Equatable {
    public var conferenceID: String
    public var subject: String
    /// Defaults to the credential `huaweiHostPassword`.
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

extension SimulatorSeed {
    public var huawei: HuaweiSeed {
        get { self[HuaweiState.self] }
        set { self[HuaweiState.self] = newValue }
    }
}

extension HuaweiState {
    /// The host password of each conference is part of its seed; this is the default one.
    static let credentials = ["huaweiHostPassword": "sim-huawei-host-password"]

    /// A started conference with a live address, and one without.
    static var standardSeed: HuaweiSeed {
        var s = HuaweiSeed()
        s.conferences = [
            .init(conferenceID: "914044873", subject: "Town Hall", hostPassword: nil, recordType: 1, started: true),
            .init(conferenceID: "914044874", subject: "Staff Meeting", hostPassword: nil, recordType: 0, started: true),
        ]
        return s
    }

    static func profile(baseURL: String, credentials c: SimulatorCredentials) -> [(key: String, value: String)] {
        [("base_url", baseURL), ("host_password", c.declared("huaweiHostPassword"))]
    }
}
