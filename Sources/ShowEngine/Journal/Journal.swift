import Foundation
import LuaHost
import Synchronization

/// A show run's journal: one entry per thing that happened, written in order to its store (the
/// fsync'd JSON Lines file, `JournalFileStore`). A run killed at any instant can be resumed from
/// it (`showcall resume`).
///
/// Durability, the rule: the only entry anything waits for is a platform call's intent, and
/// only before a request of that call that may change a platform's state goes out
/// (`IntentDurability`): resume must know such a request may have landed. Everything else
/// needs its order, not a flush of its own: it is written once the show's thread has caught up,
/// within milliseconds (`hold(while:)`; a process that dies after that loses none of it), and
/// made durable by the next flush, which covers everything written before it, or at the run's
/// end:
///   - an operator's command, a show's event, `step_started`: on disk before the next change
///     reaches a platform, so a GO reaches the wire after one flush, not four; lost in a crash
///     before that, they only make resume start the step again, which had sent nothing;
///   - a read's intent: a read sent again after a crash changes nothing;
///   - a call's outcome: the script sees it at once; anything it then does to a platform waits
///     for a later intent, which carries the outcome to disk first. Lost in a crash, the call
///     is one sent without an answer, which resume checks against the platform.
///
/// Writes happen on a thread of their own (`JournalWriter`): the Lua thread only queues an entry
/// and, where it must know the entry is on disk, waits in a coroutine. Entries queued together
/// share one fsync (group commit), so parallel platform calls do not queue behind each other's
/// disk flush.
///
/// The store is written with the first entry after the header, so a script that starts no
/// show and calls no platform leaves no journal behind.
public final class Journal: Sendable {
    public let store: any JournalStore
    /// Where the journal is, for people.
    public var path: String { store.location }
    /// Runs over each encoded line: secrets never reach the disk.
    private let redact: @Sendable (String) -> String
    /// Told the path once the file is made.
    private let opened: @Sendable (String) -> Void
    private let state: Mutex<State>
    private let writer = JournalWriter()

    /// An entry on its way to the store; without a line, a request to make everything before it
    /// durable (`flush`).
    private typealias Pending = (line: JournalLine?, done: (@Sendable () -> Void)?)

    private struct State {
        var made = false
        var header: (@Sendable () -> JournalEntry)?
        var seq: Int64
        var pending: [Pending] = []
        /// The writer has been woken for `pending` and has not yet found it empty.
        var draining = false
        /// Lines were handed over since the last durable append.
        var handedOver = false
        var failure: String?
        /// Whether an append waits for `release` to wake the writer (`hold(while:)`).
        var holding: (@Sendable () -> Bool)?
        /// Appends were held: `release` wakes the writer.
        var owed = false
    }

    /// `header` makes the first entry (the run's start), when the first entry is written (a run
    /// that journals nothing pays nothing); entries are numbered from `firstSeq` (a resumed run
    /// goes on where the journal stopped). A missing directory is made (mode 0700).
    public init(store: any JournalStore, header: @escaping @Sendable () -> JournalEntry, firstSeq: Int64 = 1,
                redact: @escaping @Sendable (String) -> String = { $0 }, opened: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.redact = redact
        self.opened = opened
        state = Mutex(State(header: header, seq: firstSeq))
        writer.start { [weak self] in
            guard let self else { return false }
            self.drain()
            return true
        }
    }

    /// Woken without a journal, the writer's thread ends.
    deinit { writer.wake() }

    /// A journal kept in the JSON Lines file at `path`.
    public convenience init(path: String, header: @escaping @Sendable () -> JournalEntry, firstSeq: Int64 = 1,
                            redact: @escaping @Sendable (String) -> String = { $0 }, opened: @escaping @Sendable (String) -> Void = { _ in }) {
        self.init(store: JournalFileStore(path: path), header: header, firstSeq: firstSeq, redact: redact, opened: opened)
    }

    /// Whether anything was queued: the run has a journal (on disk, or on its way there), so
    /// its end must be journaled and flushed too.
    public var isStarted: Bool { state.withLock { $0.header == nil } }

    /// Why writing failed, if it did: the run goes on (a show is not stopped for its
    /// journal), and the operator is told once.
    public var failure: String? { state.withLock { $0.failure } }

    /// Queues `entry` (any thread); `done` runs on the journal's thread once it is on disk.
    public func append(_ entry: JournalEntry, done: (@Sendable () -> Void)? = nil) {
        queueing(entry, done)
    }

    /// Queues the first entry now, whether or not anything follows (a takeover is journaled
    /// at once, so followers see who holds the show).
    public func begin() {
        queueing(nil, nil)
    }

    private func queueing(_ entry: JournalEntry?, _ done: (@Sendable () -> Void)?) {
        let wall = Date().timeIntervalSince1970
        let start = state.withLock { s -> Bool in
            if let header = s.header {
                s.pending.append((line(header(), seq: s.seq, time: wall), nil))
                s.header = nil
                s.seq += 1
            }
            if let entry {
                s.pending.append((line(entry, seq: s.seq, time: wall), done))
                s.seq += 1
            }
            // `holding` only reads the loop's own flags: cheap enough to ask under the lock. An
            // entry waited for goes at once, with everything held before it.
            if !s.draining, !s.pending.isEmpty, done == nil, s.holding?() == true {
                s.owed = true
                return false
            }
            return Self.claimWriter(&s)
        }
        if start { writer.wake() }
    }

    /// Appends made while `holding()` is true (the loop's thread in a turn, `LuaRunLoop.isTurning`)
    /// leave waking the writer to `release`, which the loop calls once it has caught up, or to
    /// the next entry something waits for (a call's intent), which wakes it at once: one wake-up
    /// and one write carry a GO's command, its event, `step_started` and the intent of the call
    /// the step makes, instead of a thread hand-off for each, and the fsync starts while the
    /// loop finishes its turn. Order and durability are the same.
    public func hold(while holding: @escaping @Sendable () -> Bool) {
        state.withLock { $0.holding = holding }
    }

    /// Wakes the writer for the appends held since the last call. Any thread.
    public func release() {
        let start = state.withLock { s -> Bool in
            guard s.owed else { return false }
            s.owed = false
            return Self.claimWriter(&s)
        }
        if start { writer.wake() }
    }

    /// Whether the caller must wake the writer for what is pending: once, by whoever finds it
    /// idle; a writer already draining picks it up. Under the lock.
    private static func claimWriter(_ s: inout State) -> Bool {
        guard !s.draining, !s.pending.isEmpty else { return false }
        s.draining = true
        return true
    }

    /// Queues `entry` and returns once it is on disk.
    public func write(_ entry: JournalEntry) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in append(entry) { c.resume() } }
    }

    /// Blocks until every queued entry is on disk (before an immediate exit). Any thread but
    /// the writer's.
    public func flush() {
        release()
        let synced = DispatchSemaphore(value: 0)
        let owed = state.withLock { s -> Bool? in
            guard s.draining || !s.pending.isEmpty || s.handedOver else { return nil }
            s.pending.append((nil, { synced.signal() }))
            return Self.claimWriter(&s)
        }
        guard let wake = owed else { return }
        if wake { writer.wake() }
        synced.wait()
    }

    /// Show events carry the show clock's time; everything else gets the wall clock's.
    private func line(_ entry: JournalEntry, seq: Int64, time: Double) -> JournalLine {
        JournalLine(seq: seq, text: redact(entry.numbered(seq, time: time).json) + "\n")
    }

    /// Writes everything queued, then reports each entry done; repeats until nothing is left.
    /// A batch is made durable (one fsync covering everything before it) only when an entry in
    /// it is waited for: a show's events and an operator's command need their order, and a
    /// GO's command, `go` and `step_started` written on their own must not start an fsync the
    /// call's intent behind them would wait out before its own.
    private func drain() {
        while true {
            let batch = state.withLock { s -> [Pending] in
                defer { s.pending = [] }
                if s.pending.isEmpty { s.draining = false }
                return s.pending
            }
            if batch.isEmpty { return }
            let lines = batch.compactMap(\.line)
            let durable = batch.contains { $0.done != nil }
            let failure: String?
            if durable {
                // A flush with nothing written since the last fsync has nothing to make durable
                // (and must not make the file of a journal that never had an entry).
                failure = lines.isEmpty && !state.withLock({ $0.handedOver }) ? nil : store.append(lines)
            } else {
                failure = store.handOver(lines)
            }
            state.withLock { $0.handedOver = !durable }
            if failure == nil, !lines.isEmpty, !state.withLock({ $0.made }) {
                state.withLock { $0.made = true }
                opened(store.location)
            }
            if let failure {
                let first = state.withLock { s -> Bool in
                    defer { s.failure = s.failure ?? failure }
                    return s.failure == nil
                }
                if first { Console.err("showcall: cannot write the journal \(path): \(failure); the show goes on without it\n") }
            }
            for entry in batch { entry.done?() }
        }
    }
}
