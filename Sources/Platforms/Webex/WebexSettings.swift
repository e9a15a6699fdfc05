/// A profile's `[NAME.webex]` table: where Webex is and how to sign in.
public struct WebexSettings: Sendable {
    public var baseURL: String
    public var credentials: WebexClient.Credentials

    public init(baseURL: String, credentials: WebexClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}
