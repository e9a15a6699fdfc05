import Foundation
import Testing
@testable import ShowEngine

/// How a moment reads in a zone (`ShowTime`): every log line is stamped this way, from the zone's
/// offset kept between two daylight-saving transitions, not from a calendar per line. These
/// check it against Foundation's calendar on generated moments: around each zone's transitions,
/// across the years, and on the edge values a journal's time may hold.
@Suite struct ShowTimeTests {
    /// `count` fractions spread evenly over [0, 1) in no order (a Weyl sequence): the same
    /// moments on every run, with no two near each other.
    static func spread(_ count: Int) -> [Double] {
        (1 ... count).map { (Double($0) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1) }
    }

    static let zones = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]

    /// "HH:MM:SS.mmm" and the date as Foundation's Gregorian calendar reads them.
    func expected(_ t: Double, _ zone: TimeZone) -> (clock: String, day: String) {
        let rounded = (t * 1000).rounded() / 1000
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: rounded.rounded(.down)))
        let ms = Int(((rounded - rounded.rounded(.down)) * 1000).rounded()) % 1000
        return (String(format: "%02d:%02d:%02d.%03d", c.hour!, c.minute!, c.second!, ms),
                String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))
    }

    @Test("moments around each zone's daylight-saving transitions read as the calendar reads them")
    func aroundTransitions() {
        for name in Self.zones {
            let zone = TimeZone(identifier: name)!
            let time = ShowTime(zone: zone)
            var from = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
            var transitions: [Double] = [from.timeIntervalSince1970]
            while let next = zone.nextDaylightSavingTimeTransition(after: from), transitions.count < 8 {
                transitions.append(next.timeIntervalSince1970)
                from = next
            }
            for edge in transitions {
                // Just before, at and after the transition, and anywhere within a day of it,
                // in an order that moves back and forth across it.
                let around = Self.spread(40).map { edge + (($0 * 172_800_000).rounded() - 86_400_000) / 1000 }
                for t in [edge - 0.001, edge, edge + 0.0004, edge - 1, edge + 1] + around {
                    let want = expected(t, zone)
                    #expect(time.clock(t, milliseconds: true) == want.clock, "\(name) at \(t)")
                    let dated = time.text(t, now: t + 3 * 86400, milliseconds: true)
                    #expect(dated.hasPrefix(want.day + " " + want.clock), "\(name) at \(t): \(dated)")
                }
            }
        }
    }

    /// From 1583: Foundation's calendar is Julian before October 1582, where a show's clock
    /// reads the proleptic Gregorian calendar of ISO 8601 (earlier years are only edge values).
    @Test("any moment from year 1583 to 9999 reads as the calendar reads it")
    func acrossTheYears() {
        for name in Self.zones {
            let zone = TimeZone(identifier: name)!
            let time = ShowTime(zone: zone)
            for u in Self.spread(300) {
                let t = (-12_212_553_600_000 + (u * 265_614_854_399_000).rounded()) / 1000
                let want = expected(t, zone)
                #expect(time.text(t, now: t + 5 * 86400, milliseconds: true).hasPrefix(want.day + " " + want.clock), "\(name) at \(t)")
            }
        }
    }

    @Test("today's moments carry no date; the zone's name follows and changes with daylight saving")
    func todayAndTheZoneName() {
        let newYork = ShowTime(zone: TimeZone(identifier: "America/New_York")!)
        let winter = 1_795_446_000.0  // 2026-11-23 15:00 UTC, 10:00 EST
        #expect(newYork.text(winter, now: winter + 60) == "10:00:00 EST")
        #expect(newYork.text(winter + 0.9996, now: winter, milliseconds: true) == "10:00:01.000 EST")
        #expect(newYork.text(winter - 86400, now: winter) == "2026-11-22 10:00:00 EST")
        #expect(newYork.abbreviation(at: winter - 180 * 86400) == "EDT")
        #expect(ShowTime(zone: TimeZone(identifier: "UTC")!).text(winter, now: winter) == "15:00:00 UTC")
    }

    @Test("a journal's time may be anything: NaN, infinities and huge values read without a trap")
    func edgeValues() {
        let time = ShowTime(zone: TimeZone(identifier: "Europe/London")!)
        for t in [Double.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e300, -1e300,
                  Double(Int64.max), Double(Int64.min), .leastNonzeroMagnitude, -0.0] {
            #expect(time.clock(t, milliseconds: true).count == 12, "\(t)")
            #expect(!time.text(t, now: t).isEmpty, "\(t)")
            #expect(!time.text(0, now: t, milliseconds: true).isEmpty, "\(t)")
        }
        #expect(time.clock(.nan) == "01:00:00")  // 1970-01-01 00:00 UTC is 01:00 BST (British Standard Time, that winter)
    }
}
