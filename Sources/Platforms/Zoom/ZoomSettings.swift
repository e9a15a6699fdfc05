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
