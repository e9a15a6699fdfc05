import Foundation
import Testing

/// `plan --json` and `run --rehearse --json`: the plan and the timeline as JSON, alone on
/// standard output, for tools.
@Suite("plan --json and run --rehearse --json")
struct JSONOutputTests {
    static let show = """
        local show = require "showcall.show"
        print("a script's own print")
        local s = show.new("evening", { tz = "UTC" })
        s:step("doors", { at = "19:30", run = show.action("slide", function() return "up" end) })
        s:step("live", { after = "5m", cue = "Presenter ready", run = function() end })
        s:step("boom", { on_failure = "continue", run = function() error("encoder down") end })
        s:run()
        """

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("plan --json prints each show's steps with their planned times and starts, and nothing else")
    func plan() throws {
        let dir = try scratch(["show.lua": Self.show])
        let r = try ShowCallProcess.run(["plan", "--json", "--start", "19:00", "show.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.stderr)")
        let shows = try Self.json(r.stdout)
        #expect(shows.first?["show"] as? String == "evening")
        let steps = shows.first?["steps"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["name"] as? String } == ["doors", "live", "boom"])
        let doors = try #require(steps.first?["scheduled"] as? Double)
        #expect(Int(doors) % 86400 == 19 * 3600 + 30 * 60)
        #expect(steps[1]["cue"] as? String == "Presenter ready")
    }

    @Test("run --rehearse --json prints each show's timeline, and nothing else; --json alone is a usage error")
    func rehearse() throws {
        let dir = try scratch(["show.lua": Self.show])
        let r = try ShowCallProcess.run(["run", "--rehearse", "--json", "--start", "19:00", "show.lua"], in: dir, environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.stderr)")
        let steps = try Self.json(r.stdout).first?["steps"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["status"] as? String } == ["done", "done", "failed"])
        let results = steps.first?["results"] as? [[String: Any]]
        #expect(results?.first?["action"] as? String == "slide" && results?.first?["result"] as? String == "up")
        #expect((steps.last?["error"] as? String)?.contains("encoder down") == true)
        let alone = try ShowCallProcess.run(["run", "--json", "show.lua"], in: dir)
        #expect(alone.status == 2)
        #expect(alone.stderr == "showcall: --json needs --rehearse\n")
    }
}
