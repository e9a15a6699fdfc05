import LuaHost
import ShowEngine
import Synchronization

/// Standard output for `run`: on a terminal with a live display, whole lines go above the
/// display's status block (a script's `print` included); otherwise everything goes straight out.
final class Screen {
    var display: LiveDisplay? {
        didSet {
            if display == nil, !pending.isEmpty { Console.out(String(decoding: pending, as: UTF8.self)); pending = [] }
            var live: Live?
            if let display, let loop {
                // Called only on `loop`'s thread, the display's own.
                nonisolated(unsafe) let shown = display
                live = Live(loop: loop, write: { shown.write($0) })
            }
            Self.live.withLock { $0 = live }
        }
    }
    private var pending: [UInt8] = []
    /// Set when standard output carries only a command's JSON (`--json`): lines go nowhere.
    var muted = false
    /// The loop whose turns batch the flushes (`follow`). Strong: a weak reference would put
    /// the loop's every retain on the slower side-table count.
    private var loop: LuaRunLoop?

    /// Flushes each time `loop` has caught up the lines written since: one write for a GO's
    /// "GO" and "step started", not one each, still within the moment they happen.
    func follow(_ loop: LuaRunLoop) {
        self.loop = loop
        loop.whenCaughtUp { Console.flush() }
    }

    /// An engine line (no newline). Flushed at once (in a turn of the loop, once it has caught
    /// up), so that a log piped to a file or to `tee` follows the show as it happens.
    func write(_ line: String) {
        if muted { return }
        if let display {
            display.write(line)
        } else {
            Console.out(line + "\n")
            if loop?.isTurning != true { Console.flush() }
        }
    }

    /// A line for the terminal from another thread (the journal's notice when it creates its
    /// file). While a live display is up it goes above the status block, on the loop's thread:
    /// written straight to the terminal, it would sit among the block's rows, and the next
    /// redraw would leave part of the old block on the screen. Otherwise to standard error.
    static func notice(_ line: String) {
        if let live = live.withLock({ $0 }) {
            live.loop.post { live.write(line) }
        } else {
            Console.err(line + "\n")
        }
    }

    /// The live display on screen, if any: its loop and its `write`, which only that loop's
    /// thread may call.
    private struct Live: Sendable {
        let loop: LuaRunLoop
        let write: @Sendable (String) -> Void
    }
    private static let live = Mutex<Live?>(nil)

    /// What Lua's `print` writes, which may come in pieces.
    func print(_ bytes: UnsafeRawBufferPointer) {
        if muted { return }
        guard let display else {
            Console.writeOut(bytes)
            return
        }
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            display.write(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
    }
}
