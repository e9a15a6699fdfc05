import Foundation
import LuaHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The show on a terminal: a status block redrawn four times a second (clock in the show's
/// zone, the show's state, the current step and its over/under, the countdown to the next
/// start or WAITING FOR GO with the cue's prompt and how long it has waited, the last actions,
/// and what came of the operator's last key) and single-key operator commands, active while a
/// show runs. Events and log lines scroll above the block. The same facts as the control page;
/// in colour unless `NO_COLOR` is set.
public final class LiveDisplay {
    private let engine: Engine
    private var recent: [String] = []
    /// What came of the operator's last key (an ignored command and why), shown in the block.
    private var notice: String?
    private var drawn = 0
    private var running = 0
    private var ticking = false
    private var keys: KeyReader?
    private let style = TerminalStyle()

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
        case "show_started", "show_resumed":
            running += 1
            if keys == nil {
                let answered = UncheckedBox(self)
                keys = KeyReader(hub: engine.hub) { text in answered.value?.answered(text) }
            }
            if !ticking { ticking = true; tick() }
        case "show_done", "show_aborted":
            running -= 1
            if running == 0 { keys?.stop(); keys = nil }
        default: break
        }
        write("\(engine.timestamp(event.time)) SHOW  \(event.text)")
    }

    /// What came of a key's command (loop thread): nil when obeyed.
    private func answered(_ text: String?) {
        notice = text
        erase()
        draw()
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
        let time = ShowTime(zone: engine.displayZone)
        for (name, state) in engine.hub.latest.sorted(by: { $0.key < $1.key }) where state["status"] == "running" {
            lines += showLines(name, state, now: now, time: time)
        }
        if !recent.isEmpty { lines.append("  last actions:") }
        lines += recent.map { "    " + $0 }
        if let notice { lines.append("  " + style.warn("» " + notice)) }
        if let typed = keys?.jumpPrompt {
            lines.append("  jump to step: \(typed)_   (Enter to jump, Esc to cancel)")
        } else if keys?.abortArmed == true {
            lines.append("  " + style.alert("ABORT the show? press a again or y within 3 s (any other key cancels)"))
        } else {
            lines.append("  keys: [g]o [h]old [r]esume [s]kip [j]ump [a]bort")
        }
        Console.out(lines.joined(separator: "\n") + "\n")
        Console.flush()
        drawn = lines.count
    }

    /// One running show: clock and state; step; what comes next; over/under.
    private func showLines(_ name: String, _ state: ShowState, now: Double, time: ShowTime) -> [String] {
        let held = state["held"] == true
        let cued = state["current_status"] == "cued"
        let badge = held ? style.warn("HOLD") : cued ? style.go("WAITING FOR GO") : style.ok("RUNNING")
        var lines = [style.bold("\(time.text(now, now: now))  \(name)") + "  " + badge]
        let current = state.header.string("current").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
        var step = "  step: \(current) (\(state.header.string("current_status") ?? ""))"
        if let scheduled = state.steps.first(where: { $0.name == current })?.timing.scheduled {
            step += "  scheduled \(time.text(scheduled, now: now))"
        }
        lines.append(step)
        if cued {
            let prompt = state.header.string("cue") ?? current
            let waited = state["cued_at"].number.map { "  waiting " + Self.duration(now - $0) } ?? ""
            lines.append("  " + style.go("WAITING FOR GO: \(prompt)") + waited)
        } else if let at = state["next_at"].number {
            lines.append("  next: \(state.header.string("next") ?? "-") in \(Self.duration((at - now).rounded(.up)))  at \(time.text(at, now: now))")
        }
        if let over = OverUnder.show(state, now: now) {
            let text = OverUnder.text(over)
            lines.append("  over/under: " + (over >= 1 ? style.alert(text) : style.ok(text)))
        }
        return lines
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded(.down))
        return String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}

/// SGR styles for the display, or none when `NO_COLOR` is set (no-color.org): then the words
/// carry everything (HOLD, WAITING FOR GO, late) and nothing depends on colour.
struct TerminalStyle {
    let colour = Environment.setting("NO_COLOR") == nil

    private func sgr(_ code: String, _ text: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { sgr("1", text) }
    func ok(_ text: String) -> String { sgr("32", text) }
    func go(_ text: String) -> String { sgr("1;32", text) }
    func warn(_ text: String) -> String { sgr("1;33", text) }
    func alert(_ text: String) -> String { sgr("1;31", text) }
}

/// A weak reference that may cross to the loop thread, where it is used.
private struct UncheckedBox<T: AnyObject>: @unchecked Sendable {
    weak var value: T?
    init(_ value: T) { self.value = value }
}

/// Reads single keys from a terminal in raw mode on a thread of its own and sends the
/// matching command to the hub; `j` starts typing a step name to jump to, `a` asks before it
/// aborts. `answered` gets, on the loop thread, what came of each command: nil when obeyed, or
/// why not. Restores the terminal when stopped.
final class KeyReader: @unchecked Sendable {
    private var saved = termios()
    private let active = Atomic(true)
    private let keys = Mutex(OperatorKeys())

    var jumpPrompt: String? { keys.withLock { $0.typing } }
    var abortArmed: Bool { keys.withLock { $0.armed(now: Self.seconds()) } }

    init(hub: ShowHub, answered: @escaping @Sendable (String?) -> Void) {
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        Thread.detachNewThread { [self] in
            var byte: UInt8 = 0
            while self.active.load(ordering: .relaxed), read(STDIN_FILENO, &byte, 1) == 1 {
                let command = self.keys.withLock { $0.feed(byte, now: Self.seconds()) }
                if let command, self.active.load(ordering: .relaxed) {
                    hub.send(command) { refusal in
                        answered(refusal.map { "\(command.name.uppercased()) \($0.reason == .ignored ? "ignored" : "refused"): \($0.description)" })
                    }
                }
            }
        }
    }

    private static func seconds() -> Double { Double(RealClock.read(CLOCK_MONOTONIC)) / 1e9 }

    func stop() {
        active.store(false, ordering: .relaxed)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }
}

/// The terminal's operator keys: g (or space) GO, h HOLD, r RESUME, s SKIP, j followed by a
/// step name and Enter for JUMP (Esc cancels, Backspace erases), and a for ABORT, which asks
/// first: a again or y within `confirmWindow` seconds aborts, any other key cancels.
struct OperatorKeys {
    /// The step name being typed after `j`, if any.
    var typing: String?
    /// When `a` asked for confirmation (seconds, any monotonic clock), if it did.
    var abortAsked: Double?
    static let confirmWindow = 3.0

    func armed(now: Double) -> Bool { abortAsked.map { now - $0 <= Self.confirmWindow } ?? false }

    /// The command a key completes, if any; `now` times ABORT's confirmation.
    mutating func feed(_ byte: UInt8, now: Double = 0) -> ShowCommand? {
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
        let confirming = armed(now: now)
        abortAsked = nil
        if confirming { return byte == UInt8(ascii: "a") || byte == UInt8(ascii: "y") ? .abort : nil }
        switch byte {
        case UInt8(ascii: "g"), UInt8(ascii: " "): return .go
        case UInt8(ascii: "h"): return .hold
        case UInt8(ascii: "r"): return .resume
        case UInt8(ascii: "s"): return .skip
        case UInt8(ascii: "a"): abortAsked = now
        case UInt8(ascii: "j"): typing = ""
        default: break
        }
        return nil
    }
}
