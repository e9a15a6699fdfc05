import LuaHost

/// How a host holds a show's lease: renewed every `renew` seconds for `ttl` seconds (the
/// database's clock), and each state-changing attempt bounded to `attempt` seconds, sent only
/// while the lease has more than that left. So once a lease has lapsed, nothing its old holder
/// sent can still be in flight `attempt` seconds later.
public struct LeaseSettings: Sendable {
    public var renew = 1.0
    public var ttl = 3.0
    public var attempt = 2.0

    private init() {}

    /// The defaults, for what was not given.
    public static let standard = LeaseSettings()

    /// Checked together: renewal well within the lease, an attempt shorter than the lease.
    public init(renew: Double, ttl: Double, attempt: Double) throws(StoreError) {
        for (name, value) in [("--lease-renew", renew), ("--lease", ttl), ("--attempt-limit", attempt)] {
            do { _ = try NumberRule.leaseSeconds.check(value, name) } catch { throw StoreError(String(describing: error)) }
        }
        guard renew * 2 <= ttl else { throw StoreError("--lease-renew must be at most half of --lease, so one lost renewal does not lose the show") }
        guard attempt < ttl else { throw StoreError("--attempt-limit must be shorter than --lease") }
        (self.renew, self.ttl, self.attempt) = (renew, ttl, attempt)
    }
}

extension NumberRule {
    static let leaseSeconds = NumberRule(0.05 ... 3600, unit: "seconds")
}
