/// Where a show's platform calls go and with which credentials: one table of a profiles file,
/// or the embedded simulator.
public struct Profile: Sendable {
    public var name: String
    /// The file it came from, or a description of the simulator.
    public var source: String
    /// True when the platforms are a simulator: runs say SIMULATED.
    public var simulated: Bool
    public var vbrick: VbrickSettings?
    public var convey: ConveySettings?
    public var webex: WebexSettings?
    public var zoom: ZoomSettings?
    public var huawei: HuaweiSettings?
    /// Off only against a simulator started with its limits off (load benchmarks).
    public var rateLimits = true
    /// The whole of one call, retries included.
    public var timeout: Duration = .seconds(30)
    /// Scripts run with this profile run in the sandbox (as with `--sandbox`).
    public var sandbox = false
    /// Directories a sandboxed script may also read and write, absolute.
    public var allowDirectories: [String] = []

    public init(name: String, source: String, simulated: Bool) {
        self.name = name
        self.source = source
        self.simulated = simulated
    }

    /// What a run prints first, so nobody mistakes a rehearsal for the real thing, or the reverse.
    public var banner: String {
        simulated ? "SIMULATED: platforms are \(source)" : "LIVE: profile '\(name)' from \(source)"
    }
}

public struct VbrickSettings: Sendable {
    public var baseURL: String
    public var credentials: VbrickClient.Credentials
    public init(baseURL: String, credentials: VbrickClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}

public struct ConveySettings: Sendable {
    public var baseURL: String
    public var username: String
    public var password: String
    public init(baseURL: String, username: String, password: String) {
        self.baseURL = baseURL
        self.username = username
        self.password = password
    }
}

public struct WebexSettings: Sendable {
    public var baseURL: String
    public var credentials: WebexClient.Credentials
    public init(baseURL: String, credentials: WebexClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}

public struct ZoomSettings: Sendable {
    public var baseURL: String
    public var oauthURL: String
    public var accountID: String
    public var clientID: String
    public var clientSecret: String
    public var requestsPerSecond: Int
    public init(baseURL: String, oauthURL: String, accountID: String, clientID: String, clientSecret: String, requestsPerSecond: Int = 30) {
        self.baseURL = baseURL
        self.oauthURL = oauthURL
        self.accountID = accountID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.requestsPerSecond = requestsPerSecond
    }
}

public struct HuaweiSettings: Sendable {
    public var baseURL: String
    public var hostPassword: String?
    public init(baseURL: String, hostPassword: String?) {
        self.baseURL = baseURL
        self.hostPassword = hostPassword
    }
}
