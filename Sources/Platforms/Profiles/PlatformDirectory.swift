import Synchronization

/// The platform clients of one run, made on first use from its profile. The profile itself is
/// resolved on first use too, so a script that calls no platform starts no simulator. Each
/// platform's client is reached through its own accessor (`directory.vbrick()`, in `<Name>Platform.swift`).
public final class PlatformDirectory: Sendable {
    private struct Made: Sendable {
        var profile: Profile?
        /// By platform name.
        var clients: [String: any Sendable] = [:]
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

    /// The platform's client, made from the profile's settings the first time.
    func client<P: PlatformKind>(_ platform: P.Type) throws -> P.Client {
        if let c = made.withLock({ $0.clients[P.name] as? P.Client }) { return c }
        let profile = try profile()
        guard let settings = profile[P.self] else {
            throw ProfileError("\(P.name) is not configured in profile '\(profile.name)' (\(profile.source)): add a [\(profile.name).\(P.name)] table with \(P.profileHint)")
        }
        var policy = RetryPolicy()
        policy.timeout = profile.timeout
        let client = P.Client(settings: settings, rateLimited: profile.rateLimits, policy: policy)
        return made.withLock { m in
            if let existing = m.clients[P.name] as? P.Client { return existing }
            m.clients[P.name] = client
            return client
        }
    }
}
