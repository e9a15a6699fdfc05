import CEditLine
import Dispatch
import Foundation
import LuaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A terminal: libedit's line editing, history kept per user, tab completion. libedit's
/// `readline` runs on a thread of its own, and everything it needs from the Lua state
/// (completions) it asks of the loop thread, so the state never leaves its thread and shows
/// keep running while the operator types. Output that arrives meanwhile is shown above the
/// line being typed: libedit reads keys through `nextKey`, which also wakes for that output.
///
/// (libedit's callback interface would avoid the thread, but this version corrupts its heap
/// on a line of a few thousand characters: a paste must not crash the REPL.)
public final class EditLineTerminal: ReplTerminal, @unchecked Sendable {
    private struct Shared {
        /// libedit is reading a line: output must go through the key thread.
        var reading = false
        var queued: [(text: String, error: Bool)] = []
        var discard = false
        var stopping = false
        var prompt = "> "
    }

    private let loop: LuaRunLoop
    private let historyPath: String?
    private var complete: ((_ word: String) -> [String])?
    private let shared = Mutex(Shared())
    private let lineWanted = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Written to wake `nextKey` for output, a discarded line or stopping.
    private let wake: (read: Int32, write: Int32)
    /// Output that came without its newline while a line was being typed.
    private var partial = ""

    /// libedit's hooks are C function pointers: they reach the terminal through here.
    nonisolated(unsafe) private static var current: EditLineTerminal?
    nonisolated(unsafe) private static var matches: [String] = []

    public init(loop: LuaRunLoop, historyPath: String?) {
        self.loop = loop
        self.historyPath = historyPath
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        wake = (ends[0], ends[1])
        // Words break at blanks only, so that the completer sees the whole expression
        // (`vbrick.event("a-b").broad<TAB>`); it finds where the expression starts itself.
        showcall_rl_setup(strdup("showcall"), strdup(" \t\n"), { text, _, _ in
            showcall_rl_nofilenames()
            return rl_completion_matches(text) { text, state in
                EditLineTerminal.current?.match(String(cString: text!), state: state)
            }
        }, { _ in EditLineTerminal.current?.nextKey() ?? -1 })
        using_history()
        if let historyPath { _ = read_history(historyPath) }
    }

    public var isInteractive: Bool { true }

    /// `complete` runs on the loop thread.
    public func start(onLine: @escaping (String?) -> Void, complete: @escaping (String) -> [String]) {
        self.complete = complete
        Self.current = self
        let deliver = UncheckedSendable(onLine)
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
            while true {
                lineWanted.wait()
                guard let prompt = shared.withLock({ s -> String? in
                    if s.stopping { return nil }
                    s.reading = true
                    return s.prompt
                }) else { return }
                let raw = readline(prompt)
                let line = raw.map { String(cString: $0) }
                free(raw)
                let stopping = shared.withLock { s in
                    s.reading = false
                    if line == nil, !s.stopping { Console.out("\n") }
                    show(s.queued)
                    s.queued = []
                    return s.stopping
                }
                if stopping { return }
                // Ctrl-D is not final: with a show running, the REPL asks again.
                loop.post { deliver.value(line) }
            }
        }
    }

    public func prompt(_ text: String) {
        shared.withLock { $0.prompt = text }
        lineWanted.signal()
    }

    /// libedit's `getc`, on the key thread: the next key, showing output that arrives
    /// meanwhile above the line. -1 ends the line (end of input).
    private func nextKey() -> Int32 {
        while true {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) > 0 else { continue } // EINTR: Ctrl-C lands here too
            if fds[1].revents != 0 {
                var bytes = [UInt8](repeating: 0, count: 64)
                _ = read(wake.read, &bytes, bytes.count)
                let (output, discard, stopping) = shared.withLock { s in
                    defer { s.queued = []; s.discard = false }
                    return (s.queued, s.discard, s.stopping)
                }
                if stopping { return -1 }
                if !output.isEmpty {
                    Console.out("\r\u{1B}[K")
                    show(output)
                    rl_forced_update_display()
                }
                if discard {
                    // Ctrl-U kills the whole line wherever the cursor is (and keeps it for Ctrl-Y).
                    Console.out("^C\n")
                    Console.flush()
                    rl_set_prompt("> ")
                    rl_forced_update_display()
                    return 21
                }
                continue
            }
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n == 0 || (errno != EINTR && errno != EAGAIN) { return -1 }
        }
    }

    private func show(_ output: [(text: String, error: Bool)]) {
        for (text, error) in output {
            Console.flush()
            if error { Console.err(text) } else { Console.out(text) }
        }
        Console.flush()
    }

    public func write(_ text: String, error: Bool) {
        shared.withLock { s in
            guard s.reading else { return show([(text, error)]) }
            partial += text
            guard let newline = partial.lastIndex(of: "\n") else { return }
            s.queued.append((String(partial[...newline]), error))
            partial = String(partial[partial.index(after: newline)...])
            poke()
        }
    }

    public func discardLine() {
        shared.withLock { $0.discard = true }
        poke()
    }

    private func poke() {
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
    }

    /// A multi-line chunk is one entry, as `lua5.4` keeps it, so Up recalls all of it.
    public func remember(_ chunk: String) {
        guard !chunk.allSatisfy(\.isWhitespace) else { return }
        add_history(chunk)
        if let historyPath { _ = write_history(historyPath) }
    }

    /// Ends a `readline` in progress, so that libedit gives the terminal back as it was.
    public func stop() {
        shared.withLock { $0.stopping = true }
        poke()
        lineWanted.signal()
        _ = finished.wait(timeout: .now() + 2)
        if !partial.isEmpty { show([(partial + "\n", false)]) }
    }

    /// Called on the key thread; the candidates come from the loop thread.
    private func match(_ word: String, state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            let found = Mutex<[String]>([])
            let done = DispatchSemaphore(value: 0)
            let complete = UncheckedSendable(self.complete)
            loop.post {
                found.withLock { $0 = complete.value?(word) ?? [] }
                done.signal()
            }
            done.wait()
            Self.matches = found.withLock { $0 }
        }
        let i = Int(state)
        return i < Self.matches.count ? strdup(Self.matches[i]) : nil
    }
}
