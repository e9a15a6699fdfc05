import Foundation
import Testing

/// A show declared in New York, run on a host in UTC: every time people read is New York's,
/// with the zone's name, and `--start` means New York's time.
@Suite("the show's own time zone")
struct ShowZoneTests {
    static let show = """
        local show = require "showcall.show"
        local s = show.new("breakfast news", { tz = "America/New_York" })
        s:step("doors", { at = "09:55", run = show.action("slide", function() return "up" end) })
        s:step("live", { cue = "Anchor ready", after = 300 })
        s:step("tomorrow", { at = "03:00" })
        return s:run()
        """

    /// New York's name at the moment `--start 09:50` stands for (EST or EDT, by the season).
    static let zone = #"E[SD]T"#

    @Test("plan --start 09:50 on a UTC host plans from 09:50 in New York, labelled, dated when not today")
    func plan() throws {
        let dir = try scratch(["show.lua": Self.show])
        let result = try ShowCallProcess.run(["plan", "--start", "09:50", "show.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("planned times in America/New_York") == true, "\(lines)")
        #expect(lines.contains { $0.contains("doors") && $0.contains(try! Regex("  09:55:00 \(Self.zone)")) }, "\(result.stdout)")
        #expect(lines.contains { $0.contains("live") && $0.contains(try! Regex("  10:00:00 \(Self.zone)")) }, "\(result.stdout)")
        // 03:00 after 10:00 is tomorrow's, in New York: dated.
        #expect(lines.contains { $0.contains("tomorrow") && $0.contains(try! Regex(#"\d{4}-\d{2}-\d{2} 03:00:00 "# + Self.zone)) }, "\(result.stdout)")
    }

    @Test("an explicit zone or offset in --start wins over the show's")
    func explicitStart() throws {
        let dir = try scratch(["show.lua": Self.show])
        let result = try ShowCallProcess.run(["plan", "--start", "15:50 UTC", "show.lua"], in: dir, environment: ["TZ": "Asia/Tokyo"])
        #expect(result.status == 0, "\(result.stderr)")
        // 15:50 UTC is 10:50 (EST) or 11:50 (EDT) in New York, whatever the host's zone: doors
        // (09:55) has just passed, so it goes at the start.
        #expect(result.stdout.contains(try Regex(#"doors +1[01]:50:00 "# + Self.zone)), "\(result.stdout)")
    }

    @Test("a rehearsal's timeline is in New York time with the zone's name")
    func timeline() throws {
        let dir = try scratch(["show.lua": Self.show])
        let result = try ShowCallProcess.run(["run", "--rehearse", "--start", "09:50", "show.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(try Regex(#"doors +09:55:00 "# + Self.zone + " +09:55:00 " + Self.zone + " +done")), "\(result.stdout)")
        #expect(result.stdout.contains(try Regex(#"live +10:00:00 "# + Self.zone)), "\(result.stdout)")
        // The log lines are New York's clock too: the show started at 09:50 there.
        #expect(result.stdout.contains("09:50:00.000 SHOW  show 'breakfast news' started"), "\(result.stdout)")
    }

    @Test("showcall log prints the run in New York time with the zone's name")
    func log() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("breakfast news", { tz = "America/New_York" })
            s:step("doors", { run = show.action("slide", function() return "up" end) })
            return s:run()
            """])
        let journal = dir.appendingPathComponent("run.jsonl").path
        let run = try ShowCallProcess.run(["run", "--journal", journal, "show.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(run.status == 0, "\(run.stderr)")
        let log = try ShowCallProcess.run(["log", journal], in: dir, environment: ["TZ": "UTC"])
        #expect(log.status == 0, "\(log.stderr)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        let hour = String(format: "%02d:", calendar.component(.hour, from: Date()))
        let shown = log.stdout.split(separator: "\n").filter { $0.contains("SHOW") }
        #expect(shown.count >= 3, "\(log.stdout)")
        let labelled = try Regex(#"^\d{2}:\d{2}:\d{2}\.\d{3} "# + Self.zone + " SHOW")
        for line in shown {
            let inZone = line.contains(labelled)
            #expect(line.hasPrefix(hour) && inZone, "\(line)")
        }
    }
}
