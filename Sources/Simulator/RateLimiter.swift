import Foundation

/// Fixed-window counters on the simulator clock, keyed by whatever the platform limits on
/// (account and endpoint for Convey, account for Zoom, token for Webex).
struct RateLimiter {
    /// False only when the simulator is configured without rate limits (`SimulatorConfiguration.rateLimits`):
    /// load benchmarks measure the client, not the platforms' documented limits. A disabled limiter
    /// allows everything and counts nothing, so `remaining` always answers the full limit.
    var enabled = true
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// Counts one request; answers nil when allowed, else the seconds until the window resets.
    mutating func take(_ key: String, limit: Int, per window: TimeInterval, now: Date) -> Int? {
        guard enabled else { return nil }
        var entry = windows[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window || now < entry.start { entry = (now, 0) }
        guard entry.count < limit else {
            windows[key] = entry
            return max(1, Int((window - now.timeIntervalSince(entry.start)).rounded(.up)))
        }
        entry.count += 1
        windows[key] = entry
        return nil
    }

    func remaining(_ key: String, limit: Int, per window: TimeInterval, now: Date) -> Int {
        guard let entry = windows[key], now.timeIntervalSince(entry.start) < window else { return limit }
        return max(0, limit - entry.count)
    }
}
