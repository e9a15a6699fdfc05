/// A profile's table for one platform (`[NAME.vbrick]`): where its API is and how to sign in,
/// in the client's own `Credentials`. A platform that needs more (Zoom's OAuth server and
/// plan rate) has a settings type of its own.
public struct PlatformSettings<Credentials: Sendable>: Sendable {
    public var baseURL: String
    public var credentials: Credentials

    public init(baseURL: String, credentials: Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}
