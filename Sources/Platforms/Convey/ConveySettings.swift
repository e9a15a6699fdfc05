/// A profile's `[NAME.convey]` table: where Convey is and how to sign in.
public struct ConveySettings: Sendable {
    public var baseURL: String
    public var credentials: ConveyClient.Credentials

    public init(baseURL: String, credentials: ConveyClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}
