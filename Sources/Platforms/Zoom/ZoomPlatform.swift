/// A profile's `[NAME.zoom]` table: where Zoom and its OAuth server are, how to sign in, and
/// the account plan's rate (`requests_per_second`).
public struct ZoomSettings: Sendable {
    public var baseURL: String
    public var oauthURL: String
    public var credentials: ZoomClient.Credentials
    public var requestsPerSecond: Int

    public init(baseURL: String, oauthURL: String, credentials: ZoomClient.Credentials, requestsPerSecond: Int = 30) {
        self.baseURL = baseURL
        self.oauthURL = oauthURL
        self.credentials = credentials
        self.requestsPerSecond = requestsPerSecond
    }
}

/// Zoom as a ShowCall platform: its profile table, its client, its Lua module (ZoomBindings).
enum ZoomPlatform: PlatformKind {
    typealias Client = ZoomClient
    static let name = "zoom"
    static let profileKeys = ["base_url", "oauth_url", "account_id", "client_id", "client_secret", "requests_per_second"]
    static let profileHint = "account_id, client_id and client_secret"

    static func settings(_ f: inout Fields) throws -> ZoomSettings {
        let perSecond = try f.number("requests_per_second", .count(1, 10_000, unit: "requests per second")) ?? 30
        return ZoomSettings(baseURL: try f.string("base_url") ?? "https://api.zoom.us", oauthURL: try f.string("oauth_url") ?? "https://zoom.us",
                            credentials: .init(accountID: try f.required("account_id"), clientID: try f.required("client_id"),
                                               clientSecret: try f.required("client_secret")),
                            requestsPerSecond: Int(perSecond))
    }

    /// The simulator serves the OAuth token below the same prefix as the API.
    static func simulated(baseURL: String, credential: (String) -> String) -> ZoomSettings {
        ZoomSettings(baseURL: baseURL, oauthURL: baseURL, credentials: .init(
            accountID: credential("zoomAccountId"), clientID: credential("zoomClientId"), clientSecret: credential("zoomClientSecret")))
    }
}

extension Profile {
    public var zoom: ZoomSettings? {
        get { self[ZoomPlatform.self] }
        set { self[ZoomPlatform.self] = newValue }
    }
}

extension PlatformDirectory {
    public func zoom() throws -> ZoomClient { try client(ZoomPlatform.self) }
}
