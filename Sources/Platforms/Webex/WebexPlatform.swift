/// A profile's `[NAME.webex]` table: a personal access token, or an integration.
public typealias WebexSettings = PlatformSettings<WebexClient.Credentials>

/// Webex as a ShowCall platform: its profile table, its client, its Lua module (WebexBindings).
enum WebexPlatform: PlatformKind {
    typealias Client = WebexClient
    static let name = "webex"
    static let profileKeys = ["base_url", "access_token", "client_id", "client_secret", "refresh_token"]
    static let profileHint = "access_token (or client_id, client_secret and refresh_token)"

    static func settings(_ f: inout Fields) throws -> WebexSettings {
        let base = try f.string("base_url") ?? "https://webexapis.com"
        if let token = try f.string("access_token") { return WebexSettings(baseURL: base, credentials: .accessToken(token)) }
        guard let id = try f.string("client_id") else { throw f.error("access_token", "or client_id is required") }
        return WebexSettings(baseURL: base, credentials: .integration(
            clientID: id, clientSecret: try f.required("client_secret"), refreshToken: try f.required("refresh_token")))
    }

    static func simulated(baseURL: String, credential: (String) -> String) -> WebexSettings {
        WebexSettings(baseURL: baseURL, credentials: .accessToken(credential("webexAccessToken")))
    }
}

extension Profile {
    public var webex: WebexSettings? {
        get { self[WebexPlatform.self] }
        set { self[WebexPlatform.self] = newValue }
    }
}

extension PlatformDirectory {
    public func webex() throws -> WebexClient { try client(WebexPlatform.self) }
}
