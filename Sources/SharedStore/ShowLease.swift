import Foundation
import Platforms
import Synchronization

/// This host's hold on a show: renewed in the background; consulted before every
/// state-changing request (`SendPermit`). The lease's end is kept on this host's monotonic
/// clock, from the time left the database reported, counted from before the renewal was
/// sent: never later than the database's own.
public final class ShowLease: SendPermit, Sendable {
    public let store: PostgresStore
    public let show: String
    public let holder: String
    public let settings: LeaseSettings
    public let epoch: Int64
    private let state: Mutex<State>
    private let events: @Sendable (Event) -> Void

    /// What the operator must hear about.
    public enum Event: Sendable {
        /// Another host holds the show: this one sends nothing more.
        case lost(LeaseLost)
        /// The store does not answer: state-changing calls wait once the lease runs short.
        case unreachable(String)
        /// It answers again, and the lease is still this host's.
        case reachable
    }

    private struct State {
        var end: ContinuousClock.Instant
        var lost: LeaseLost?
        var unreachable = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var renewing: Task<Void, Never>?
    }

    private init(store: PostgresStore, show: String, holder: String, settings: LeaseSettings, grant: PostgresStore.Grant,
                 asked: ContinuousClock.Instant, events: @escaping @Sendable (Event) -> Void) {
        (self.store, self.show, self.holder, self.settings, self.epoch, self.events) = (store, show, holder, settings, grant.epoch, events)
        state = Mutex(State(end: asked + .seconds(grant.remaining)))
    }

    /// The lease of a new show (epoch 1); an error if the store already has a show by that name.
    public static func claim(store: PostgresStore, show: String, holder: String, settings: LeaseSettings, files: [ShowFile],
                             events: @escaping @Sendable (Event) -> Void) async throws -> ShowLease {
        let asked = ContinuousClock.now
        guard let grant = try await store.claim(show: show, holder: holder, ttl: settings.ttl, files: files) else {
            throw StoreError("the store already has a show named '\(show)': resume it, follow it (showcall standby), or name this run otherwise (--name)")
        }
        return ShowLease(store: store, show: show, holder: holder, settings: settings, grant: grant, asked: asked, events: events)
    }

    /// The lease with the next epoch, if it has lapsed; nil if another host holds it (or won it).
    public static func takeOver(store: PostgresStore, show: String, holder: String, settings: LeaseSettings,
                                events: @escaping @Sendable (Event) -> Void) async throws -> ShowLease? {
        let asked = ContinuousClock.now
        guard let grant = try await store.takeOver(show: show, holder: holder, ttl: settings.ttl) else { return nil }
        return ShowLease(store: store, show: show, holder: holder, settings: settings, grant: grant, asked: asked, events: events)
    }

    /// Renews every `settings.renew` seconds until the lease is lost or `stop`.
    public func startRenewing() {
        let task = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(settings.renew))
                if Task.isCancelled || lost != nil { return }
                await renewOnce()
            }
        }
        state.withLock { $0.renewing = task }
    }

    private func renewOnce() async {
        let asked = ContinuousClock.now
        do {
            let remaining = try await within(settings.renew, "a lease renewal") { [self] in
                try await store.renew(show: show, holder: holder, epoch: epoch, ttl: settings.ttl)
            }
            guard let remaining else {
                let now = try? await within(settings.renew, "who holds the show") { [self] in try await store.holding(show) }
                lose(LeaseLost(holder: (now ?? nil)?.holder ?? "another host", epoch: (now ?? nil)?.epoch ?? epoch + 1))
                return
            }
            let (waiters, wasUnreachable) = state.withLock { s in
                s.end = asked + .seconds(remaining)
                defer { s.waiters = []; s.unreachable = false }
                return (s.waiters, s.unreachable)
            }
            if wasUnreachable { events(.reachable) }
            for w in waiters { w.resume() }
        } catch {
            let first = state.withLock { s in
                defer { s.unreachable = true }
                return !s.unreachable
            }
            if first { events(.unreachable(PostgresStore.describe(error))) }
        }
    }

    /// Called by the journal store when an append finds another epoch.
    func lose(_ lost: LeaseLost) {
        let (waiters, first) = state.withLock { s in
            defer { if s.lost == nil { s.lost = lost }; s.waiters = [] }
            return (s.waiters, s.lost == nil)
        }
        for w in waiters { w.resume() }
        if first { events(.lost(lost)) }
    }

    var lost: LeaseLost? { state.withLock { $0.lost } }

    /// Seconds of lease left on this host's clock (negative: run out).
    public var remaining: Double {
        let left = ContinuousClock.now.duration(to: state.withLock { $0.end }).components
        return Double(left.seconds) + Double(left.attoseconds) / 1e18
    }

    public func waitToSend(_ operation: String) async throws -> Duration? {
        while true {
            if let lost { throw lost }
            if remaining > settings.attempt { return .seconds(settings.attempt) }
            // Too little lease left for a whole attempt: wait for the next renewal.
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.lost != nil { return true }
                    s.waiters.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
    }

    /// The run ended: renewals stop and no standby takes the show over.
    public func end() async {
        state.withLock { $0.renewing?.cancel() }
        guard lost == nil else { return }
        try? await within(settings.ttl, "the show's end") { [self] in try await store.end(show: show, holder: holder, epoch: epoch) }
    }
}
