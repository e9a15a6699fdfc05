import Foundation
import Testing

/// `showcall run` on a real terminal (tmux): the live display and its single-key commands.
@Suite("showcall run's live display in a terminal")
struct LiveDisplayTerminalTests {
    static let show = """
        local show = require "showcall.show"
        local s = show.new("morning show", { tz = "America/New_York" })
        s:step("open", { cue = "Presenter ready", run = show.action("titles", function() return "rolling" end) })
        s:step("close", { after = 600 })
        return s:run()
        """

    /// The run's screen, with NO_COLOR: words carry everything, so the screen reads the same.
    func session() throws -> TerminalSession {
        let dir = try scratch(["show.lua": Self.show])
        return try TerminalSession(arguments: ["show.lua"], in: dir, command: "run", environment: ["NO_COLOR": "1"],
                                   ready: "keys: [g]o")
    }

    @Test("a cue reads WAITING FOR GO with its prompt and how long it has waited; the clock is New York's")
    func waitingForGo() throws {
        let t = try session()
        try t.waitFor("WAITING FOR GO: Presenter ready  waiting 00:00:0")
        try t.waitFor("waiting 00:00:02")
        let screen = try t.screen()
        #expect(screen.contains(try Regex(#"\d{2}:\d{2}:\d{2} E[SD]T  morning show  WAITING FOR GO"#)), "\(screen)")
        #expect(!screen.contains("\u{1B}["), "NO_COLOR: no escape sequences")
        try t.send("g")
        try t.waitFor("step 'open' done")
        try t.waitFor("next: close in 00:09:5")
        try t.send("a", "y")
        try t.waitFor("show 'morning show' aborted")
    }

    @Test("GO during HOLD is answered as ignored, with why")
    func ignoredGo() throws {
        let t = try session()
        try t.waitFor("WAITING FOR GO")
        try t.send("h")
        try t.waitFor("SHOW  HOLD")
        try t.send("g")
        try t.waitFor("» GO ignored: show is held")
        #expect(try t.screen().contains("GO ignored: the show is on HOLD (RESUME first)"), "the log says it too")
        #expect(try !t.screen().contains("step 'open' started"))
        try t.send("r", "g")
        try t.waitFor("step 'open' done")
        try t.send("a", "a")
        try t.waitFor("show 'morning show' aborted")
    }

    @Test("a asks before it aborts: a again or y within 3 s; any other key cancels")
    func abortConfirmation() throws {
        let t = try session()
        try t.waitFor("WAITING FOR GO")
        try t.send("a")
        try t.waitFor("ABORT the show? press a again or y within 3 s")
        try t.send("x")
        try t.waitFor("keys: [g]o")
        let cancelled = try t.screen()
        #expect(!cancelled.contains("ABORT the show?"), "\(cancelled)")
        #expect(!cancelled.contains("aborted"), "\(cancelled)")
        try t.send("a")
        try t.waitFor("ABORT the show?")
        try t.send("y")
        try t.waitFor("show 'morning show' aborted")
        #expect(try t.exitStatus() != nil)
    }
}
