import Foundation

/// The simulator's notion of "now": token expiry, rate-limit windows and timestamps all read it,
/// so a rehearsal in virtual time sees consistent behaviour. `/_sim/clock/advance` moves it.
public protocol SimulatorClock: Sendable {
    func now() -> Date
    func advance(by seconds: TimeInterval)
}

/// Wall-clock time plus whatever the admin API has advanced it by.
public final class SystemClock: SimulatorClock {
    private let offset = Locked<TimeInterval>(0)
    public init() {}
    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

/// Time that stands still until advanced: for tests and rehearsals in virtual time. Rate-limit
/// windows read it too, so a script that makes more calls than a platform allows per window
/// must advance the clock to get past a 429 (as a real script would wait).
public final class ManualClock: SimulatorClock {
    private let current: Locked<Date>
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Locked(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

extension Date {
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    var iso8601: String { Self.isoFormatter.string(from: self) }

    /// Building a formatter costs far more than using one; ISO8601DateFormatter is thread-safe.
    nonisolated(unsafe) private static let isoFormatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}
