/// A profile's `[NAME.vbrick]` table: the tenant's URL and an API key or a user.
public typealias VbrickSettings = PlatformSettings<VbrickClient.Credentials>

/// Vbrick Rev as a ShowCall platform: its profile table, its client, its Lua module (VbrickBindings).
enum VbrickPlatform: PlatformKind {
    typealias Client = VbrickClient
    static let name = "vbrick"
    static let profileKeys = ["base_url", "api_key", "secret", "username", "password"]
    static let profileHint = "base_url and api_key + secret (or username + password)"

    static func settings(_ f: inout Fields) throws -> VbrickSettings {
        let base = try f.required("base_url")
        if let key = try f.string("api_key") {
            return VbrickSettings(baseURL: base, credentials: .apiKey(key: key, secret: try f.required("secret")))
        }
        guard let user = try f.string("username") else { throw f.error("api_key", "or username is required") }
        return VbrickSettings(baseURL: base, credentials: .user(username: user, password: try f.required("password")))
    }

    static func simulated(baseURL: String, credential: (String) -> String) -> VbrickSettings {
        VbrickSettings(baseURL: baseURL, credentials: .apiKey(key: credential("vbrickApiKey"), secret: credential("vbrickSecret")))
    }
}

extension Profile {
    public var vbrick: VbrickSettings? {
        get { self[VbrickPlatform.self] }
        set { self[VbrickPlatform.self] = newValue }
    }
}

extension PlatformDirectory {
    public func vbrick() throws -> VbrickClient { try client(VbrickPlatform.self) }
}
