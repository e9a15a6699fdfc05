/// A profile's `[NAME.huawei]` table: the API's URL and, optionally, a host password for every
/// conference a script names without one.
public typealias HuaweiSettings = PlatformSettings<HuaweiClient.Credentials>

/// Huawei Cloud Meeting as a ShowCall platform: its profile table, its client, its Lua module (HuaweiBindings).
enum HuaweiPlatform: PlatformKind {
    typealias Client = HuaweiClient
    static let name = "huawei"
    static let profileKeys = ["base_url", "host_password"]
    static let profileHint = "base_url (and host_password)"

    static func settings(_ f: inout Fields) throws -> HuaweiSettings {
        HuaweiSettings(baseURL: try f.string("base_url") ?? "https://api.meeting.huaweicloud.com",
                       credentials: .init(hostPassword: try f.string("host_password")))
    }

    static func simulated(baseURL: String, credential: (String) -> String) -> HuaweiSettings {
        HuaweiSettings(baseURL: baseURL, credentials: .init(hostPassword: credential("huaweiHostPassword")))
    }
}

extension Profile {
    public var huawei: HuaweiSettings? {
        get { self[HuaweiPlatform.self] }
        set { self[HuaweiPlatform.self] = newValue }
    }
}

extension PlatformDirectory {
    public func huawei() throws -> HuaweiClient { try client(HuaweiPlatform.self) }
}
