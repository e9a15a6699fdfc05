/// A profile's table for one platform (`[NAME.vbrick]`): where its API is and how to sign in,
/// in the client's own `Credentials`. Zoom's also names its OAuth server and the plan's rate,
/// so `ZoomSettings` is a type of its own.
public struct PlatformSettings<Credentials: Sendable>: Sendable {
    public var baseURL: String
    public var credentials: Credentials

    public init(baseURL: String, credentials: Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}

public typealias VbrickSettings = PlatformSettings<VbrickClient.Credentials>
public typealias ConveySettings = PlatformSettings<ConveyClient.Credentials>
public typealias WebexSettings = PlatformSettings<WebexClient.Credentials>
public typealias HuaweiSettings = PlatformSettings<HuaweiClient.Credentials>
