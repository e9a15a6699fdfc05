import Foundation
import LuaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The show on a terminal: a status block redrawn four times a second (clock, current step,
/// countdown to the next cue, the last actions and their results) and single-key operator
/// commands, active while a show runs. Events and log lines scroll above the block.
public final class LiveDisplay {
    private let engine: Engine
    private var recent: [String] = []
    private var drawn = 0
    private var running = 0
    private var ticking = false
    private var keys: KeyReader?

    public init(engine: Engine) {
        self.engine = engine
        engine.hub.subscribe { [weak self] event in self?.handle(event) }
    }

    /// Prints a line above the status block.
    public func write(_ line: String) {
        erase()
        Console.out(line + "\n")
        draw()
    }

    public func stop() {
        keys?.stop()
        keys = nil
        erase()
        Console.flush()
    }

    private func handle(_ event: ShowEvent) {
        guard event.type != ShowEvent.platformCall else { return }
        if event.type == "action_done" || event.type == "action_failed" {
            recent.append("\(engine.timestamp(event.time).prefix(8))  \(event.text)")
            if recent.count > 5 { recent.removeFirst(recent.count - 5) }
        }
        switch event.type {
        case "show_started":
            running += 1
            if keys == nil { keys = KeyReader(hub: engine.hub) }
            if !ticking { ticking = true; tick() }
        case "show_done", "show_aborted":
            running -= 1
            if running == 0 { keys?.stop(); keys = nil }
        default: break
        }
        write("\(engine.timestamp(event.time)) SHOW  \(event.text)")
    }

    private func tick() {
        guard running > 0 else { ticking = false; return }
        erase()
        draw()
        engine.scheduler.addTimer(at: engine.clock.now + 250_000_000) { [weak self] in self?.tick() }
    }

    private func erase() {
        guard drawn > 0 else { return }
        Console.out(String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawn) + "\r")
        drawn = 0
    }

    private func draw() {
        guard running > 0 else { return }
        var lines: [String] = []
        let now = engine.clock.wallNow
        for (name, state) in engine.hub.latest.sorted(by: { $0.key < $1.key }) where state["status"] == "running" {
            let held = state["held"] == true ? "  \u{1B}[1;33mHOLD\u{1B}[0m" : ""
            lines.append("\u{1B}[1m\(engine.timestamp(now).prefix(8))  \(name)\u{1B}[0m\(held)")
            let current = state.string("current").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            var next = ""
            if let at = state["next_at"].number {
                let left = max(0, Int((at - now).rounded(.up)))
                next = String(format: "  next cue in %02d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
            } else if state["current_status"] == "cued" {
                next = "  \u{1B}[1;32mwaiting for GO\u{1B}[0m"
            }
            lines.append("  step: \(current) (\(state.string("current_status") ?? ""))\(next)")
        }
        if !recent.isEmpty { lines.append("  last actions:") }
        lines += recent.map { "    " + $0 }
        if let typed = keys?.jumpPrompt {
            lines.append("  jump to step: \(typed)_   (Enter to jump, Esc to cancel)")
        } else {
            lines.append("  keys: [g]o [h]old [r]esume [s]kip [j]ump [a]bort")
        }
        Console.out(lines.joined(separator: "\n") + "\n")
        Console.flush()
        drawn = lines.count
    }
}

/// Reads single keys from a terminal in raw mode on a thread of its own and sends the
/// matching command to the hub; `j` starts typing a step name to jump to. Restores the
/// terminal when stopped.
final class KeyReader: @unchecked Sendable {
    private var saved = termios()
    private let active = Atomic(true)
    /// The step name being typed after `j`, if any.
    private let jumping = Mutex<String?>(nil)

    var jumpPrompt: String? { jumping.withLock { $0 } }

    init(hub: ShowHub) {
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        Thread.detachNewThread { [self] in
            var byte: UInt8 = 0
            while self.active.load(ordering: .relaxed), read(STDIN_FILENO, &byte, 1) == 1 {
                if let command = self.interpret(byte), self.active.load(ordering: .relaxed) {
                    hub.send(command) { _ in }
                }
            }
        }
    }

    private func interpret(_ byte: UInt8) -> ShowCommand? {
        jumping.withLock { typed in
            var keys = OperatorKeys(typing: typed)
            defer { typed = keys.typing }
            return keys.feed(byte)
        }
    }

    func stop() {
        active.store(false, ordering: .relaxed)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }
}

/// The terminal's operator keys: g (or space) GO, h HOLD, r RESUME, s SKIP, a ABORT, and j
/// followed by a step name and Enter for JUMP (Esc cancels, Backspace erases).
struct OperatorKeys {
    /// The step name being typed after `j`, if any.
    var typing: String?

    /// The command a key completes, if any.
    mutating func feed(_ byte: UInt8) -> ShowCommand? {
        if let name = typing {
            switch byte {
            case 10, 13:
                typing = nil
                return name.isEmpty ? nil : .jump(name)
            case 27: typing = nil
            case 8, 127: typing = String(name.dropLast())
            case 32 ... 126: typing = name + String(UnicodeScalar(byte))
            default: break
            }
            return nil
        }
        switch byte {
        case UInt8(ascii: "g"), UInt8(ascii: " "): return .go
        case UInt8(ascii: "h"): return .hold
        case UInt8(ascii: "r"): return .resume
        case UInt8(ascii: "s"): return .skip
        case UInt8(ascii: "a"): return .abort
        case UInt8(ascii: "j"): typing = ""
        default: break
        }
        return nil
    }
}
