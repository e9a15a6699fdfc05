/// The credentials the simulator accepts. Fixed by default so rehearsal scripts and
/// `showcall sim` agree without configuration; a seed file may replace any of them.
public struct SimulatorCredentials: Codable, Sendable, Equatable {
    /// Vbrick: `POST /api/v2/authenticate {apiKey, secret}` or `POST /api/v2/user/login {username, password}`.
    public var vbrickApiKey = "sim-vbrick-key"
    public var vbrickSecret = "sim-vbrick-secret"
    public var vbrickUsername = "sim.producer"
    public var vbrickPassword = "sim-vbrick-password"
    /// Convey: `POST /api/authenticate` form `username`, `password`.
    public var conveyUsername = "sim-convey-user"
    public var conveyPassword = "sim-convey-password"
    /// Webex: a personal access token (valid 12 hours from reset), or the integration's
    /// refresh flow `POST /v1/access_token`.
    public var webexAccessToken = "sim-webex-personal-access-token"
    public var webexClientId = "sim-webex-client"
    public var webexClientSecret = "sim-webex-client-secret"
    public var webexRefreshToken = "sim-webex-refresh-token"
    /// Zoom Server-to-Server OAuth: `POST /oauth/token` with Basic client id:secret.
    public var zoomAccountId = "sim-zoom-account"
    public var zoomClientId = "sim-zoom-client"
    public var zoomClientSecret = "sim-zoom-client-secret"
    /// Huawei: the host password of each conference is part of its seed; this is the default one.
    public var huaweiHostPassword = "sim-huawei-host-password"

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var d = SimulatorCredentials()
        func take(_ key: CodingKeys, _ field: WritableKeyPath<SimulatorCredentials, String>) throws {
            if let v = try c.decodeIfPresent(String.self, forKey: key) { d[keyPath: field] = v }
        }
        try take(.vbrickApiKey, \.vbrickApiKey); try take(.vbrickSecret, \.vbrickSecret)
        try take(.vbrickUsername, \.vbrickUsername); try take(.vbrickPassword, \.vbrickPassword)
        try take(.conveyUsername, \.conveyUsername); try take(.conveyPassword, \.conveyPassword)
        try take(.webexAccessToken, \.webexAccessToken); try take(.webexClientId, \.webexClientId)
        try take(.webexClientSecret, \.webexClientSecret); try take(.webexRefreshToken, \.webexRefreshToken)
        try take(.zoomAccountId, \.zoomAccountId); try take(.zoomClientId, \.zoomClientId)
        try take(.zoomClientSecret, \.zoomClientSecret); try take(.huaweiHostPassword, \.huaweiHostPassword)
        self = d
    }
}
