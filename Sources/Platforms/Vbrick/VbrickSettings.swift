/// A profile's `[NAME.vbrick]` table: where Rev is and how to sign in.
public struct VbrickSettings: Sendable {
    public var baseURL: String
    public var credentials: VbrickClient.Credentials

    public init(baseURL: String, credentials: VbrickClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}
