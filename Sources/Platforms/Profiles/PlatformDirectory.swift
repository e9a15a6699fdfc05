import Synchronization

/// The platform clients of one run, made on first use from its profile. The profile itself is
/// resolved on first use too, so a script that calls no platform starts no simulator.
public final class PlatformDirectory: Sendable {
    private struct Made: Sendable {
        var profile: Profile?
        var vbrick: VbrickClient?
        var convey: ConveyClient?
        var webex: WebexClient?
        var zoom: ZoomClient?
        var huawei: HuaweiClient?
    }

    private let resolve: @Sendable () throws -> Profile
    private let made = Mutex(Made())

    public init(resolve: @escaping @Sendable () throws -> Profile) {
        self.resolve = resolve
    }

    public convenience init(profile: Profile) {
        self.init(resolve: { profile })
    }

    public func profile() throws -> Profile {
        if let p = made.withLock({ $0.profile }) { return p }
        let p = try resolve()
        return made.withLock { m in
            if m.profile == nil { m.profile = p }
            return m.profile!
        }
    }

    private func client<C: Sendable>(_ key: WritableKeyPath<Made, C?> & Sendable, _ platform: String, _ hint: String,
                           _ make: (Profile) throws -> C?) throws -> C {
        if let c = made.withLock({ $0[keyPath: key] }) { return c }
        let profile = try profile()
        guard let c = try make(profile) else {
            throw ProfileError("\(platform) is not configured in profile '\(profile.name)' (\(profile.source)): add a [\(profile.name).\(platform)] table with \(hint)")
        }
        return made.withLock { m in
            if m[keyPath: key] == nil { m[keyPath: key] = c }
            return m[keyPath: key]!
        }
    }

    private func policy(_ p: Profile) -> RetryPolicy {
        var policy = RetryPolicy()
        policy.timeout = p.timeout
        return policy
    }

    public func vbrick() throws -> VbrickClient {
        try client(\.vbrick, "vbrick", "base_url and api_key + secret (or username + password)") { p in
            p.vbrick.map { VbrickClient(settings: $0, rateLimited: p.rateLimits, policy: policy(p)) }
        }
    }

    public func convey() throws -> ConveyClient {
        try client(\.convey, "convey", "username and password") { p in
            p.convey.map { ConveyClient(settings: $0, rateLimited: p.rateLimits, policy: policy(p)) }
        }
    }

    public func webex() throws -> WebexClient {
        try client(\.webex, "webex", "access_token (or client_id, client_secret and refresh_token)") { p in
            p.webex.map { WebexClient(settings: $0, rateLimited: p.rateLimits, policy: policy(p)) }
        }
    }

    public func zoom() throws -> ZoomClient {
        try client(\.zoom, "zoom", "account_id, client_id and client_secret") { p in
            p.zoom.map { ZoomClient(settings: $0, rateLimited: p.rateLimits, policy: policy(p)) }
        }
    }

    public func huawei() throws -> HuaweiClient {
        try client(\.huawei, "huawei", "base_url (and host_password)") { p in
            p.huawei.map { HuaweiClient(settings: $0, rateLimited: p.rateLimits, policy: policy(p)) }
        }
    }
}
