/// A profile's `[NAME.convey]` table: a Convey user (there are no API keys).
public typealias ConveySettings = PlatformSettings<ConveyClient.Credentials>

/// Convey as a ShowCall platform: its profile table, its client, its Lua module (ConveyBindings).
enum ConveyPlatform: PlatformKind {
    typealias Client = ConveyClient
    static let name = "convey"
    static let profileKeys = ["base_url", "username", "password"]
    static let profileHint = "username and password"

    static func settings(_ f: inout Fields) throws -> ConveySettings {
        ConveySettings(baseURL: try f.string("base_url") ?? "https://api.webcasts.com",
                       credentials: .init(username: try f.required("username"), password: try f.required("password")))
    }

    static func simulated(baseURL: String, credential: (String) -> String) -> ConveySettings {
        ConveySettings(baseURL: baseURL, credentials: .init(username: credential("conveyUsername"), password: credential("conveyPassword")))
    }
}

extension Profile {
    public var convey: ConveySettings? {
        get { self[ConveyPlatform.self] }
        set { self[ConveyPlatform.self] = newValue }
    }
}

extension PlatformDirectory {
    public func convey() throws -> ConveyClient { try client(ConveyPlatform.self) }
}
