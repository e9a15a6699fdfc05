import Foundation
import Synchronization

/// A credential a platform issued, and when it stops working on the local clock.
public struct IssuedToken: Sendable {
    public var value: String
    public var expires: Date

    public init(value: String, expires: Date) {
        self.value = value
        self.expires = expires
        Secrets.register(value)
    }

    /// The local expiry of a token whose expiry `serverExpiry` is stated on the server's clock,
    /// read at `serverNow` (its `Date` header or a timestamp in the body), so clock skew between
    /// this machine and the platform (or a simulator's own clock) does not shorten or stretch it.
    public static func localExpiry(serverExpiry: Date, serverNow: Date?) -> Date {
        let lifetime = serverExpiry.timeIntervalSince(serverNow ?? Date())
        return Date().addingTimeInterval(max(0, lifetime))
    }
}

/// One platform's token: acquired on first use, reused while fresh, renewed before it expires
/// and when the platform calls it invalid. However many calls need a new token at once, one
/// request fetches it and all of them wait for that one (single flight).
public actor TokenCache {
    public typealias Fetch = @Sendable (_ current: IssuedToken?) async throws -> IssuedToken

    private let fetch: Fetch
    /// Behind a lock rather than the actor, so a call with a fresh token reads it without a hop
    /// to the actor's executor; only renewals go through the actor.
    private let current = Mutex<IssuedToken?>(nil)
    private var inFlight: Task<IssuedToken, any Error>?

    /// Renew this long before expiry, so no call goes out with a token that lapses on its way.
    static let margin: TimeInterval = 60

    public init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    /// A token fresh enough to send now.
    public func token() async throws -> String {
        if let fresh { return fresh }
        return try await renew()
    }

    /// The cached token if it is fresh enough to send now, without fetching one.
    public nonisolated var fresh: String? {
        guard let token = current.withLock({ $0 }), token.expires.timeIntervalSinceNow > Self.margin else { return nil }
        return token.value
    }

    /// The platform said `rejected` is invalid: renew it, unless another call already has.
    public func invalidate(_ rejected: String) async throws {
        let stillCurrent = current.withLock { token in
            guard token?.value == rejected || token == nil else { return false }
            token = nil
            return true
        }
        if stillCurrent { _ = try await renew() }
    }

    private func renew() async throws -> String {
        if let inFlight { return try await inFlight.value.value }
        let previous = current.withLock { $0 }
        let task = Task { try await fetch(previous) }
        inFlight = task
        defer { inFlight = nil }
        let issued = try await task.value
        current.withLock { $0 = issued }
        return issued.value
    }
}
