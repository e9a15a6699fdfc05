import Foundation
import Synchronization

/// How a moment reads for people in a show's zone: "09:50:00 EST" today, "2026-11-24 09:50:00
/// EST" on another day (today is the day of `now` in that zone). The zone's abbreviation is
/// Unicode's short name (EST, PDT, CET, BST), else its offset (GMT+5:30).
///
/// Every log line is stamped this way, so reading a moment must not cost a calendar: the zone's
/// offset and name are asked of the zone database once per stretch between two daylight-saving
/// transitions (`Stretch`), and the fields are worked out from the offset.
public struct ShowTime: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone) {
        self.zone = zone
    }

    /// "HH:MM:SS", or "HH:MM:SS.mmm" with `milliseconds`; the moment is rounded to the
    /// millisecond first (an instant in nanoseconds lands a hair under).
    public func clock(_ t: Double, milliseconds: Bool = false) -> String {
        let (fields, _) = reading(t, milliseconds: milliseconds)
        return fields.clock(milliseconds: milliseconds)
    }

    /// "HH:MM:SS", with the date first when `t` is not on the day of `now`, and the zone's
    /// abbreviation after; "HH:MM:SS.mmm" with `milliseconds`.
    public func text(_ t: Double, now: Double, milliseconds: Bool = false) -> String {
        let (fields, stretch) = reading(t, milliseconds: milliseconds)
        var out = fields.clock(milliseconds: milliseconds)
        let nowOffset = stretch.contains(now) ? stretch.offset : zone.secondsFromGMT(for: Date(timeIntervalSince1970: Self.bounded(now)))
        let today = CivilTime(milliseconds: (Int64(Self.bounded(now).rounded(.down)) + Int64(nowOffset)) * 1000)
        if (fields.year, fields.month, fields.day) != (today.year, today.month, today.day) {
            out = "\(CivilTime.pad(fields.year, 4))-\(CivilTime.pad(fields.month, 2))-\(CivilTime.pad(fields.day, 2)) " + out
        }
        return out + " " + stretch.abbreviation
    }

    /// The zone's short name at `t` (it changes with daylight saving time).
    public func abbreviation(at t: Double) -> String {
        Self.stretch(of: zone, at: t).abbreviation
    }

    private func reading(_ t: Double, milliseconds: Bool) -> (CivilTime, Stretch) {
        let ms = milliseconds ? Int64((Self.bounded(t) * 1000).rounded()) : Int64(Self.bounded(t).rounded(.down)) * 1000
        let stretch = Self.stretch(of: zone, at: Double(ms) / 1000)
        return (CivilTime(milliseconds: ms + Int64(stretch.offset) * 1000), stretch)
    }

    /// A moment read from a journal may be anything: within years 1 to 9999, where a clock
    /// reading makes sense (and Int64 cannot overflow), and NaN as 1970.
    private static func bounded(_ t: Double) -> Double {
        t.isNaN ? 0 : min(max(t, -62_135_596_800), 253_402_300_799)
    }

    /// A run of time over which a zone keeps one offset and one name: from a moment it was
    /// asked at to its next transition.
    private struct Stretch {
        let from: Double
        let until: Double
        let offset: Int
        let abbreviation: String

        func contains(_ t: Double) -> Bool { t >= from && t < until }
    }

    /// One stretch per zone, the latest asked for: a show reads moments near each other.
    private static let stretches = Mutex<[String: Stretch]>([:])

    private static func stretch(of zone: TimeZone, at t: Double) -> Stretch {
        if let known = stretches.withLock({ $0[zone.identifier] }), known.contains(t) { return known }
        let date = Date(timeIntervalSince1970: t)
        let until = zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
        let stretch = Stretch(from: t, until: until, offset: zone.secondsFromGMT(for: date),
                              abbreviation: name(of: zone, at: date))
        stretches.withLock { $0[zone.identifier] = stretch }
        return stretch
    }

    private static func name(of zone: TimeZone, at date: Date) -> String {
        // Foundation names the zone "UTC" GMT; a show that says UTC reads UTC.
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal"].contains(zone.identifier) { return "UTC" }
        // en_US knows the North American names, en_GB the European ones (CET, BST); ICU
        // answers with an offset (GMT+1) where a locale has no name.
        var fallback = ""
        for locale in ["en_US", "en_GB"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = zone
            formatter.dateFormat = "zzz"
            let text = formatter.string(from: date)
            if !text.hasPrefix("GMT+"), !text.hasPrefix("GMT-") { return text }
            if fallback.isEmpty { fallback = text }
        }
        return fallback
    }
}

/// The civil (proleptic Gregorian) date and time of a count of milliseconds since 1970 in local
/// time.
struct CivilTime {
    let year: Int, month: Int, day: Int
    let hour: Int, minute: Int, second: Int, millisecond: Int

    /// Days to civil date by Howard Hinnant's `civil_from_days`: exact for every day.
    init(milliseconds: Int64) {
        let (days, msOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (d, ms) = msOfDay < 0 ? (days - 1, msOfDay + 86_400_000) : (days, msOfDay)
        let z = d + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        year = Int(yoe + era * 400 + (m <= 2 ? 1 : 0))
        month = Int(m)
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        hour = Int(ms / 3_600_000)
        minute = Int(ms / 60000 % 60)
        second = Int(ms / 1000 % 60)
        millisecond = Int(ms % 1000)
    }

    func clock(milliseconds: Bool) -> String {
        let hms = "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        return milliseconds ? hms + "." + Self.pad(millisecond, 3) : hms
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
