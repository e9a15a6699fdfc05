#if canImport(Glibc)
import Glibc
#endif

/// The engine's time. Deadlines are monotonic instants in nanoseconds, so durations never
/// jump; clock times of day convert through the wall clock at the moment they are armed.
public protocol ShowClock: AnyObject {
    /// Monotonic nanoseconds.
    var now: UInt64 { get }
    /// Seconds since 1970 (UTC) at monotonic instant `instant`.
    func wallTime(at instant: UInt64) -> Double
}

extension ShowClock {
    /// Seconds since 1970 now.
    public var wallNow: Double { wallTime(at: now) }

    /// The monotonic instant at which the wall clock reads `wall` (now, if that is past).
    public func instant(atWall wall: Double) -> UInt64 {
        let current = now
        let delta = wall - wallTime(at: current)
        // Walls reach here checked (NumberRule.epochSeconds); `> 0` still sends a NaN to "now".
        guard delta > 0 else { return current }
        return current &+ UInt64(min(delta * 1e9, Double(UInt64.max / 2)))
    }
}

/// The machine's clocks: CLOCK_MONOTONIC for deadlines, CLOCK_REALTIME for the time of day.
public final class RealClock: ShowClock, Sendable {
    public init() {}

    public var now: UInt64 { Self.read(CLOCK_MONOTONIC) }

    public func wallTime(at instant: UInt64) -> Double {
        let mono = Self.read(CLOCK_MONOTONIC)
        let real = Double(Self.read(CLOCK_REALTIME)) / 1e9
        return real - (Double(mono) - Double(instant)) / 1e9
    }

    static func read(_ id: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(id, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// Time that passes only when the scheduler says so: rehearsals and tests.
public final class VirtualClock: ShowClock {
    public private(set) var now: UInt64 = 0
    private var startWall: Double

    /// `wall` is the time of day the clock starts at, in seconds since 1970.
    public init(startingAt wall: Double) {
        startWall = wall
    }

    public func wallTime(at instant: UInt64) -> Double {
        startWall + Double(instant) / 1e9
    }

    /// Steps the wall clock by `seconds` without time passing, as an NTP correction does.
    public func stepWall(by seconds: Double) {
        startWall += seconds
    }

    /// Moves time forward to `instant` (never backward).
    public func advance(to instant: UInt64) {
        now = max(now, instant)
    }
}
