import Foundation
import Testing

/// Drives `showcall repl` in a real terminal (tmux) with real keystrokes.
final class TerminalSession {
    let name = "showcall-\(UUID().uuidString.prefix(8))"
    let home: URL

    /// Runs `showcall COMMAND ARGUMENTS...` (the REPL by default) and waits until `ready` shows.
    init(arguments: [String] = [], in dir: URL? = nil, home: URL? = nil, command: String = "repl",
         environment: [String: String] = [:], ready: String = ">") throws {
        self.home = try home ?? scratch([:])
        // The shell reports the exit status on screen (tmux's own record of it is unreliable
        // when the terminal closes first); it ignores Ctrl-C, which the REPL handles itself.
        let repl = ([ShowCallProcess.executable.path, command] + arguments).joined(separator: " ")
        let shell = "sh -c 'trap \"\" INT; \(repl); echo \"[exit $?]\"'"
        // The pane stays after the REPL exits, so that its exit status can be read.
        try tmux(["start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                  "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                  "-c", (dir ?? self.home).path, "-e", "XDG_STATE_HOME=\(self.home.path)"]
                 + environment.sorted { $0.key < $1.key }.flatMap { ["-e", "\($0.key)=\($0.value)"] } + [shell])
        try waitFor(ready) // capture-pane drops trailing spaces
    }

    deinit { _ = try? tmux(["kill-session", "-t", name]) }

    /// Sends keys as tmux names them ("Enter", "Tab", "Up", "C-c", or literal text).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Pastes `text` as a terminal paste would deliver it.
    func paste(_ text: String) throws {
        let file = home.appendingPathComponent("paste-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try tmux(["load-buffer", file.path, ";", "paste-buffer", "-t", name])
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits (up to 10 s) until the screen contains `text` (at least `times` times).
    func waitFor(_ text: String, times: Int = 1) throws {
        for _ in 0 ..< 200 {
            if try screen().components(separatedBy: text).count - 1 >= times { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("screen never showed \(text.debugDescription):\n\(try screen())")
    }

    /// The REPL's exit status once it has exited (waits up to 10 s), else nil.
    func exitStatus() throws -> Int32? {
        for _ in 0 ..< 200 {
            let text = try screen()
            if let range = text.range(of: "[exit ") {
                return Int32(text[range.upperBound...].prefix { $0.isNumber })
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The last line with text on it: where the cursor is while typing.
    func lastLine() throws -> String {
        try screen().split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
    }

    /// Runs tmux through the shell: `system` waits for the client itself, whereas Foundation's
    /// Process never reaped these clients here (the tmux server they fork outlives them).
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = home.appendingPathComponent("tmux-output").path
        let quoted = (["/usr/bin/tmux", "-L", name] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let status = system(quoted.joined(separator: " ") + " </dev/null >'\(output)' 2>/dev/null")
        guard status == 0 else { throw TmuxFailed(command: arguments.first ?? "", status: status) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    struct TmuxFailed: Error { let command: String; let status: Int32 }
}

@Suite("showcall repl in a terminal")
struct ReplTerminalTests {
    @Test("tab completes globals, fields and Swift object methods")
    func completion() throws {
        let t = try TerminalSession()
        try t.send("string.for", "Tab")
        try t.waitFor("> string.format")
        try t.send("('%03d', 7)", "Enter")
        try t.waitFor("\"007\"")
        try t.send("coroutine.is", "Tab", "()", "Enter")
        try t.waitFor("> coroutine.isyieldable()")
    }

    @Test("completion follows calls through the bindings' return types, before any object exists")
    func completionThroughCalls() throws {
        let t = try TerminalSession()
        try t.send("zoom.webinar(68423085).live", "Tab")
        try t.waitFor("> zoom.webinar(68423085).livestream")
        try t.send(":st", "Tab", "Tab")
        try t.waitFor("zoom.webinar(68423085).livestream:status")
        #expect(try t.screen().contains("zoom.webinar(68423085).livestream:start"))
        try t.send("C-u", "print(vbrick.event(\"6f2d-1c7e\").rec", "Tab")
        try t.waitFor("> print(vbrick.event(\"6f2d-1c7e\").record")
    }

    @Test("multi-line input continues with >> and runs when complete")
    func multiline() throws {
        let t = try TerminalSession()
        try t.send("function twice(", "Enter")
        try t.waitFor(">>")
        try t.send("x) return 2 * x end", "Enter", "twice(21)", "Enter")
        try t.waitFor("\n42")
    }

    @Test("Ctrl-C cancels the pending call, not the REPL; the spinner shows while it waits")
    func interrupt() throws {
        let t = try TerminalSession()
        try t.send("require('showcall').sleep(60)", "Enter")
        try t.waitFor("(Ctrl-C cancels)")
        try t.send("C-c")
        try t.waitFor("interrupted")
        try t.send("1 + 1", "Enter")
        try t.waitFor("\n2")
    }

    @Test("history recalls earlier chunks with Up, and survives a restart")
    func history() throws {
        let home: URL
        do {
            let t = try TerminalSession()
            home = t.home
            try t.send("function f(", "Enter", "x) return x + 1 end", "Enter", "f(41)", "Enter")
            try t.waitFor("42")
            try t.send("Up", "Enter")
            try t.waitFor("42", times: 2)
            try t.send("C-d")
        }
        let again = try TerminalSession(home: home)
        try again.send("Up")
        try again.waitFor("> f(41)")
        try again.send("Up", "Up") // past the second f(41), which Up + Enter added
        try again.waitFor("function f(")
    }

    @Test("a syntax error prints and returns to a fresh prompt, never a continuation; Ctrl-D exits 0")
    func syntaxErrorAndExit() throws {
        let t = try TerminalSession()
        try t.send("x = = 1", "Enter")
        try t.waitFor("stdin:1: unexpected symbol near '='")
        #expect(try t.lastLine() == ">")
        try t.send("C-d")
        #expect(try t.exitStatus() == 0)
    }

    @Test("a long pasted line is taken whole (libedit's callback interface crashed on one)")
    func longPaste() throws {
        let t = try TerminalSession()
        try t.paste("x = '" + String(repeating: "y", count: 9000) + "'")
        try t.send("Enter", "#x", "Enter")
        try t.waitFor("\n9000")
    }

    @Test("Ctrl-C at the prompt drops the line being typed and gives a fresh prompt")
    func interruptAtPrompt() throws {
        let t = try TerminalSession()
        try t.send("function half(", "Enter")
        try t.waitFor(">>")
        try t.send("x) ret", "Left", "C-c")
        try t.waitFor("^C")
        try t.send("1 + 1", "Enter")
        try t.waitFor("\n2")
        #expect(try !t.screen().contains("x) ret1 + 1"))
    }

    @Test("a show started with :run keeps running while the operator types; :go, :hold, :status, :jump steer it")
    func showControl() throws {
        let dir = try scratch(["show.lua": Self.show])
        let t = try TerminalSession(in: dir)
        try t.send(":run show.lua", "Enter")
        try t.waitFor("waiting for GO: Doors open")
        try t.send(":go", "Enter")
        try t.waitFor("step 'doors' done")
        // A line half typed while the show moves on stays on the last line, events above it.
        try t.send("print('still typing")
        try t.waitFor("step 'tick' done")
        #expect(try t.lastLine() == "> print('still typing")
        try t.send("')", "Enter")
        try t.waitFor("\nstill typing")
        try t.send(":hold", "Enter")
        try t.waitFor("SHOW  HOLD")
        try t.send(":status", "Enter")
        try t.waitFor("teaser  RUNNING  HOLD")
        try t.waitFor(">  3  closing")
        try t.send(":resume", "Enter", ":jump 4", "Enter")
        try t.waitFor("JUMP to 'off air'")
        try t.waitFor("[1] done: \"done\"")
    }

    @Test("Ctrl-D with a show running asks first; the second aborts the show, its cleanup runs, and the REPL exits 0")
    func leaveDuringShow() throws {
        let dir = try scratch(["show.lua": Self.show])
        let t = try TerminalSession(in: dir)
        try t.send(":run show.lua", "Enter")
        try t.waitFor("waiting for GO")
        try t.send("C-d")
        try t.waitFor("a show is running (teaser)")
        try t.send("C-d")
        try t.waitFor("cleanup: outputs safe")
        let status = try t.exitStatus()
        let screen = try t.screen()
        #expect(status == 0, "\(screen)")
    }

    @Test("attached to a `showcall run --control` process: :status reads its show, :go releases its cue, its events print")
    func attach() throws {
        let dir = try scratch(["show.lua": Self.show])
        let run = try ControlledRun(script: "show.lua", in: dir)
        defer { run.stop() }
        try run.waitForOutput("waiting for GO")
        let t = try TerminalSession(arguments: ["--attach", "\(run.port)"], in: dir)
        try t.waitFor("show control: http://127.0.0.1:\(run.port)")
        try t.send(":status", "Enter")
        try t.waitFor("waiting for GO")
        try t.send(":go", "Enter")
        try t.waitFor("SHOW  GO")
        try t.waitFor("step 'doors' done")
        try t.send(":jump off air", "Enter")
        try t.waitFor("JUMP to 'off air'")
        #expect(run.wait() == 0)
    }

    static let show = """
        local show = require "showcall.show"
        local sc = require "showcall"
        local s = show.new("teaser", { cleanup = function() sc.log.info("cleanup: outputs safe") end })
        s:step("doors", { cue = "Doors open", actions = { show.action("slide", function() return "up" end) } })
        s:step("tick", { after = 1.5 })
        s:step("closing", { after = 60 })
        s:step("off air", { after = 0.1 })
        return s:run()
        """
}

/// `showcall run --control 0 SCRIPT` in the background, with the port it bound.
final class ControlledRun {
    let process = Process()
    let port: Int
    private let output = Pipe()
    private var seen = ""

    init(script: String, in dir: URL, extra: [String] = []) throws {
        process.executableURL = ShowCallProcess.executable
        process.arguments = ["run", "--control", "0"] + extra + [script]
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardOutput = output
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("control API on http://127.0.0.1:") || !text.hasSuffix("\n") {
            let data = err.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "control API on http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            throw ControlledRunFailed(output: text)
        }
        self.port = port
    }

    /// Waits (up to 10 s) until the run's standard output shows `text`.
    func waitForOutput(_ text: String) throws {
        let deadline = Date().addingTimeInterval(10)
        while !seen.contains(text), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard seen.contains(text) else { throw ControlledRunFailed(output: seen) }
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    struct ControlledRunFailed: Error { let output: String }
}
