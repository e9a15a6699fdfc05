import Foundation
import LuaHost

/// A time a script names: a clock time of day ("HH:MM[:SS]") in a zone, an ISO-8601 date and
/// time, or seconds since 1970.
///
/// A clock time means its occurrence in the 24 hours starting 6 hours before the reference
/// moment: started at 08:00, "21:00" is tonight; at 23:50, "00:10" is after midnight; at 20:05,
/// "20:00" is five minutes ago (already past, a late start). On a daylight-saving day, a time
/// in the skipped hour moves forward by the gap, and a repeated time means its first occurrence.
public enum TimeSpec: Equatable, Sendable {
    case clock(hour: Int, minute: Int, second: Int, zone: TimeZone)
    case absolute(Double)

    public static let lookback: Double = 6 * 3600

    /// What makes a time unreadable, in words for the script's author.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses a string; `zone` is the IANA name for clock times and zoneless ISO times.
    public static func parse(_ text: String, zone: String?) throws -> TimeSpec {
        let tz = try timeZone(zone)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if !text.contains("-"), (2 ... 3).contains(parts.count) {
            let numbers = parts.map { $0.count == 2 || ($0.count == 1 && $0 == parts.first) ? Int($0) : nil }
            guard numbers.allSatisfy({ $0 != nil }), let h = numbers[0], let m = numbers[1],
                  (0 ..< 24).contains(h), (0 ..< 60).contains(m),
                  (numbers.count == 2 || (0 ..< 60).contains(numbers[2]!))
            else { throw Invalid(description: "malformed time '\(text)' (expected HH:MM or HH:MM:SS, 00:00 to 23:59:59)") }
            return .clock(hour: h, minute: m, second: numbers.count == 3 ? numbers[2]! : 0, zone: tz)
        }
        if let date = parseISO(text, zone: tz) { return .absolute(date) }
        throw Invalid(description: "malformed time '\(text)' (expected HH:MM[:SS], an ISO-8601 date and time such as 2026-11-23T20:00:00+01:00, or seconds since 1970)")
    }

    public static func timeZone(_ name: String?) throws -> TimeZone {
        guard let name else { return TimeZone.current }
        guard let tz = TimeZone(identifier: name) else {
            throw Invalid(description: "unknown time zone '\(name)' (expected an IANA name such as Europe/Paris)")
        }
        return tz
    }

    /// The moment this names, in seconds since 1970, seen from `reference`.
    public func resolve(reference: Double) -> Double {
        switch self {
        case .absolute(let t): return t
        case .clock(let h, let m, let s, let zone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let start = reference - Self.lookback
            let day = calendar.startOfDay(for: Date(timeIntervalSince1970: start))
            for offset in 0 ... 2 {
                guard let d = calendar.date(byAdding: .day, value: offset, to: day) else { continue }
                var c = calendar.dateComponents([.year, .month, .day], from: d)
                c.hour = h
                c.minute = m
                c.second = s
                guard let t = calendar.date(from: c)?.timeIntervalSince1970 else { continue }
                if t >= start { return t }
            }
            return reference
        }
    }

    /// "YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH:MM]"; without an offset, the time is in `zone`.
    private static func parseISO(_ text: String, zone: TimeZone) -> Double? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ i: Int) -> String? {
            Range(match.range(at: i), in: text).map { String(text[$0]) }
        }
        var c = DateComponents()
        c.year = Int(group(1)!)
        c.month = Int(group(2)!)
        c.day = Int(group(3)!)
        c.hour = Int(group(4)!)
        c.minute = Int(group(5)!)
        c.second = group(6).flatMap(Int.init) ?? 0
        guard (1 ... 12).contains(c.month!), (1 ... 31).contains(c.day!), (0 ..< 24).contains(c.hour!),
              (0 ..< 60).contains(c.minute!), (0 ..< 61).contains(c.second!) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        if let offset = group(8) {
            if offset == "Z" {
                calendar.timeZone = TimeZone(identifier: "UTC")!
            } else {
                let digits = offset.dropFirst().filter(\.isNumber)
                let hours = Int(digits.prefix(2))!, minutes = Int(digits.suffix(2))!
                // Real offsets run from -12:00 to +14:00; Foundation has no zone past ±18 h.
                guard hours <= 18, minutes < 60,
                      let zone = TimeZone(secondsFromGMT: (offset.hasPrefix("-") ? -1 : 1) * (hours * 60 + minutes) * 60) else { return nil }
                calendar.timeZone = zone
            }
        }
        guard let date = calendar.date(from: c),
              calendar.component(.day, from: date) == c.day else { return nil }
        return date.timeIntervalSince1970 + (group(7).flatMap(Double.init) ?? 0)
    }
}

extension NumberRule {
    /// When a rehearsal or a plan starts (`--start`): from 1970 to a year before the end of 9999,
    /// so that every time of a show, which waits at most 366 days, is still a time.
    public static let showStart = NumberRule(0 ... 253_402_300_799 - 31_622_400, unit: "seconds since 1970")
}
