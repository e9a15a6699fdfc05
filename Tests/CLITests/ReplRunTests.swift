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
