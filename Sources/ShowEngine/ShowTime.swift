import Foundation
import Synchronization

/// How a moment reads for people in a show's zone: "09:50:00 EST" today, "2026-11-24 09:50:00
/// EST" on another day (today is the day of `now` in that zone). The zone's abbreviation is
/// Unicode's short name (EST, PDT, CET, BST), else its offset (GMT+5:30).
public struct ShowTime: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone) {
        self.zone = zone
    }

    /// "HH:MM:SS", with the date first when `t` is not on the day of `now`, and the zone's
    /// abbreviation after.
    public func text(_ t: Double, now: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: t.rounded(.down))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var out = String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        if !calendar.isDate(date, inSameDayAs: Date(timeIntervalSince1970: now)) {
            out = String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + out
        }
        return out + " " + abbreviation(at: t)
    }

    /// The zone's short name at `t` (it changes with daylight saving time).
    public func abbreviation(at t: Double) -> String {
        let date = Date(timeIntervalSince1970: t)
        // Foundation names the zone "UTC" GMT; a show that says UTC reads UTC.
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal"].contains(zone.identifier) { return "UTC" }
        // en_US knows the North American names, en_GB the European ones (CET, BST); ICU
        // answers with an offset (GMT+1) where a locale has no name.
        var fallback = ""
        for locale in ["en_US", "en_GB"] {
            let text = Self.abbreviation(locale: locale, zone: zone, date: date)
            if !text.hasPrefix("GMT+"), !text.hasPrefix("GMT-") { return text }
            if fallback.isEmpty { fallback = text }
        }
        return fallback
    }

    private static let formatters = Mutex<[String: DateFormatter]>([:])

    /// Formatters are costly to make and not safe to share between threads: made once, used
    /// under the lock.
    private static func abbreviation(locale: String, zone: TimeZone, date: Date) -> String {
        formatters.withLock { cache in
            let key = locale + " " + zone.identifier
            let f = cache[key] ?? {
                let f = DateFormatter()
                f.locale = Locale(identifier: locale)
                f.timeZone = zone
                f.dateFormat = "zzz"
                return f
            }()
            cache[key] = f
            return f.string(from: date)
        }
    }
}
