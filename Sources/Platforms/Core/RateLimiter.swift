import Foundation
import Synchronization

/// Keeps a platform's calls within "at most `limit` requests per `period`" in every window of
/// that length, so a server counting in fixed windows (as the documented limits are stated)
/// never sees more than `limit` in one. Each call reserves the earliest slot at least
/// `period` after the call `limit` places before it, then waits for that slot.
public final class RateLimiter: Sendable {
    public let limit: Int
    public let period: Duration

    private struct Log {
        var slots: [ContinuousClock.Instant]
        var next = 0
    }
    private let log: Mutex<Log>

    /// Network jitter can bunch requests up on the way to the server; keep this much clear.
    static let margin: Duration = .milliseconds(100)

    public init(limit: Int, per period: Duration) {
        precondition(limit > 0)
        self.limit = limit
        self.period = period
        log = Mutex(Log(slots: Array(repeating: ContinuousClock.now - period - Self.margin, count: limit)))
    }

    /// Waits for a slot. Throws `RateLimiter.TooLate` rather than waiting past `deadline`.
    public func acquire(before deadline: ContinuousClock.Instant) async throws {
        let now = ContinuousClock.now
        let slot: ContinuousClock.Instant? = log.withLock { log in
            let slot = max(now, log.slots[log.next] + period + Self.margin)
            guard slot <= deadline else { return nil }
            log.slots[log.next] = slot
            log.next = (log.next + 1) % limit
            return slot
        }
        guard let slot else { throw TooLate() }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    public struct TooLate: Error {}
}

/// What a platform counts separately toward its documented limits (an endpoint, a class of
/// methods). Each client declares its classes as an enum, so a call names only a class its
/// platform has: a misspelt class can no longer mean "no limit".
public protocol RateLimitClass: RawRepresentable<String>, CaseIterable, Sendable {
    /// The documented limit: at most `limit` requests per `period`.
    var documented: (limit: Int, period: Duration) { get }
}

/// A platform's limits: one limiter per class, as the platform counts.
public struct RateLimits: Sendable {
    private let limiters: [String: RateLimiter]

    /// Every class of `C` at its documented limit, or at `override`'s where it gives one (Zoom's
    /// per-second limit follows the account's plan).
    public init<C: RateLimitClass>(_ classes: C.Type, override: (C) -> (limit: Int, period: Duration)? = { _ in nil }) {
        var limiters: [String: RateLimiter] = [:]
        for c in C.allCases {
            let l = override(c) ?? c.documented
            limiters[c.rawValue] = RateLimiter(limit: l.limit, per: l.period)
        }
        self.limiters = limiters
    }

    private init() { limiters = [:] }

    /// No limits: the profile's `rate_limits = false`, or a session that is only ever asked for tokens.
    public static let none = RateLimits()

    func limiter(_ c: some RateLimitClass) -> RateLimiter? { limiters[c.rawValue] }
}
