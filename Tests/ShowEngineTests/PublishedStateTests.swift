import Foundation
import Testing
@testable import ShowEngine

/// A show publishes only the step rows that changed (`Run:publish`); what `GET /state` answers
/// must still read, row for row, as the show itself does.
@Suite struct PublishedStateTests {
    /// Each step of the show named `show` in `/state`'s answer, as "name:status:started:ended".
    static func rows(_ json: String, show: String) throws -> [String] {
        let shows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let steps = try #require(shows.first { $0["show"] as? String == show }?["steps"] as? [[String: Any]])
        return steps.map { row in
            let time = { (key: String) in (row[key] as? Double).map { String(format: "%.3f", $0) } ?? "-" }
            return "\(row["name"] as? String ?? "?"):\(row["status"] as? String ?? "?"):\(time("started")):\(time("ended"))"
        }
    }

    /// The same rows, from the show's own steps.
    static let truth = """
        local out = {}
        for _, st in ipairs(s.steps) do
          local function t(v) return v and ("%.3f"):format(v) or "-" end
          out[#out + 1] = ("%s:%s:%s:%s"):format(st.name, st.status, t(st.started), t(st.ended))
        end
        return table.concat(out, "\\n")
        """

    @Test("a JUMP that changes many rows at once, a failure, a skip: every row reads as the show left it")
    func rowsFollowTheShow() throws {
        let rig = try Rig()
        rig.command(.jump("step 9"), at: 25)
        rig.command(.skip, at: 30)
        let truth = try rig.run("""
            local show = require "showcall.show"
            s = show.new("long")
            for i = 1, 14 do
              s:step("step " .. i, { after = 10, on_failure = "continue",
                run = function() if i == 11 then error("camera lost") end end })
            end
            s:run()
            \(Self.truth)
            """).first?.text ?? ""
        let rows = try Self.rows(rig.engine.hub.stateJSON, show: "long")
        #expect(rows == truth.split(separator: "\n").map(String.init))
        #expect(rows.count == 14)
        // What happened, so that the comparison above compares something.
        #expect(rows.filter { $0.contains(":skipped:") }.count >= 6, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("step 10:skipped:") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("step 11:failed:") }, "\(rows)")
    }

    @Test("a show of the same name run again with fewer steps publishes exactly its own steps")
    func aShorterRunReplacesTheRows() throws {
        let rig = try Rig()
        let truth = try rig.run("""
            local show = require "showcall.show"
            s = show.new("again")
            for i = 1, 6 do s:step("first " .. i, { after = 1 }) end
            s:run()
            s = show.new("again")
            for i = 1, 3 do s:step("second " .. i, { after = 1 }) end
            s:run()
            \(Self.truth)
            """).first?.text ?? ""
        let rows = try Self.rows(rig.engine.hub.stateJSON, show: "again")
        #expect(rows == truth.split(separator: "\n").map(String.init))
        #expect(rows.count == 3)
        #expect(rig.engine.hub.latest["again"]?.steps.map(\.name) == ["second 1", "second 2", "second 3"])
    }
}
