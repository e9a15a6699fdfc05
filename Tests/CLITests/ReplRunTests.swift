import Foundation
import Testing

/// The REPL's `:run` runs a script as `showcall run` does: `arg` set, `require` looking beside
/// the script; Ctrl-C on a state-changing call says that its request may have landed.
@Suite("repl :run as run runs it")
struct ReplRunTests {
    @Test(":run FILE ARGS sets arg as run does and finds modules beside the script and in its lib/")
    func argAndModules() throws {
        let dir = try scratch([
            "show/show.lua": """
                local cues = require "cues"
                local slides = require "slides"
                print("arg", arg[0], arg[1], arg[2], #arg, select("#", ...), cues.name, slides.name)
                """,
            "show/cues.lua": "return { name = 'cues beside' }",
            "show/lib/slides.lua": "return { name = 'slides in lib' }",
        ])
        let r = try ShowCallProcess.run(["repl"], in: dir, stdin: ":run show/show.lua first second\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "arg\tshow/show.lua\tfirst\tsecond\t2\t2\tcues beside\tslides in lib\n", "\(r.stdout)\(r.stderr)")
    }

    @Test("Ctrl-C on a state-changing call that was sent says it may have reached the platform, and how to check")
    func interruptedChange() throws {
        // The live stream's start takes 30 s at the platform: the call is in flight at Ctrl-C.
        let sim = try SimProfileTests.Simulator(faults: "zoom/v2/webinars/*/livestream/status:latency=30s")
        let dir = try scratch(["showcall.toml": sim.profile("sim")])
        let t = try TerminalSession(arguments: ["--profile", "sim"], in: dir)
        try t.send("zoom.webinar(68423085).livestream:start()", "Enter")
        try t.waitFor("(Ctrl-C cancels)")
        try t.send("C-c")
        try t.waitFor("interrupted")
        try t.waitFor("it may have reached the platform; check with :status, or the object's status()")
        #expect(try t.screen().contains("zoom.livestream:start (zoom webinar 68423085 live stream) was interrupted after its request was sent:"))
        try t.send("1 + 1", "Enter")
        try t.waitFor("\n2")
    }
}

/// A show started with the REPL's `:run` keeps a journal as `showcall run` does: killed with
/// the REPL, `showcall resume` finishes it, without running again what had ended.
@Suite("repl :run journals its show")
struct ReplJournalTests {
    static let show = """
        local show = require "showcall.show"
        local s = show.new("late night")
        s:step("one", { run = function() print("one ran " .. arg[1]) end })
        s:step("two", { after = 6, run = function() print("two ran") end })
        s:step("three", { run = function() print("three ran") end })
        return s:run()
        """

    @Test("a show started with :run writes a journal; after the REPL is killed, showcall resume finishes it")
    func killedReplResumes() throws {
        let dir = try scratch(["show.lua": Self.show])
        let t = try TerminalSession(in: dir)
        try t.send(":run show.lua tonight", "Enter")
        try t.waitFor("step 'one' done")
        // The journal the REPL announced, where `run` keeps them; its name ends in the REPL's pid.
        try t.waitFor("showcall: journal ")
        let journals = t.home.appendingPathComponent("showcall/journals")
        let names = try FileManager.default.contentsOfDirectory(atPath: journals.path).filter { $0.hasSuffix(".jsonl") }
        #expect(names.count == 1, "\(names)")
        let path = journals.appendingPathComponent(try #require(names.first)).path
        let pid = try #require(Int32(path.dropLast(".jsonl".count).split(separator: "-").last ?? ""))
        // Killed outright while step two waits: nothing of the REPL's runs after this.
        #expect(kill(pid, SIGKILL) == 0)
        try t.waitFor("[exit ")
        let journal = try String(contentsOfFile: path, encoding: .utf8)
        #expect(journal.contains("\"run_started\""))
        #expect(!journal.contains("\"run_ended\""), "\(journal)")

        let resumed = try ShowCallProcess.run(["resume", path], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("two ran") && resumed.stdout.contains("three ran"), "\(resumed.stdout)")
        #expect(!resumed.stdout.contains("one ran"), "step one ran again: \(resumed.stdout)")
        let after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(after.contains("\"run_ended\""), "\(after)")
    }
}
