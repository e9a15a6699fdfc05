import Foundation
import Testing

/// Drives `showcall repl` in a real terminal (tmux) with real keystrokes.
final class TerminalSession {
    let name = "showcall-\(UUID().uuidString.prefix(8))"
    let home: URL

    init(arguments: [String] = [], in dir: URL? = nil, home: URL? = nil) throws {
        self.home = try home ?? scratch([:])
        let command = ([ShowCallProcess.executable.path, "repl"] + arguments).joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                  "-c", (dir ?? self.home).path, "-e", "XDG_STATE_HOME=\(self.home.path)", command])
        try waitFor(">") // capture-pane drops trailing spaces
    }

    deinit { _ = try? tmux(["kill-session", "-t", name]) }

    /// Sends keys as tmux names them ("Enter", "Tab", "Up", "C-c", or literal text).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits (up to 10 s) until the screen contains `text` (at least `times` times).
    func waitFor(_ text: String, times: Int = 1) throws {
        for _ in 0 ..< 200 {
            if try screen().components(separatedBy: text).count - 1 >= times { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("screen never showed \(text.debugDescription):\n\(try screen())")
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
}
