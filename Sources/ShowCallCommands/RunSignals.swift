import Dispatch
import Foundation
import LuaHost
import ShowEngine
import Synchronization

/// Signals during a show run, as an operator expects them:
/// - the first SIGINT (Ctrl-C) or SIGTERM aborts the running show, whose cleanup then turns
///   its outputs off; with no show running it cancels the script where it waits;
/// - a second one exits at once (status 130), the journal flushed first;
/// - a first one the show cannot act on within the grace period (a script stuck where no
///   budget reaches it: a pattern match inside one C call, or limits turned off) exits the
///   same way, with 128 + the signal's number, so a stuck process never needs SIGKILL;
/// - SIGHUP is ignored when the run has no terminal (started under nohup, a service, ssh
///   without a tty), and with a terminal that went away is taken as SIGTERM.
final class RunSignals: Sendable {
    private let received = Atomic<Int>(0)
    private let first = Mutex<Int32?>(nil)
    /// Set when the run has ended: a grace timer still pending then has nothing to stop.
    private let stopped = Atomic<Bool>(false)
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []
    /// The script's main task: set and read on the Lua thread only.
    nonisolated(unsafe) var main: TaskHandle?

    /// The exit status the run ends with because of a signal (128 + its number), if one came.
    var exitStatus: Int32? { first.withLock { $0.map { 128 + $0 } } }

    init(engine: Engine, journal: Journal?, grace: Double) {
        var signals = [SIGINT, SIGTERM]
        if isatty(STDIN_FILENO) == 0, isatty(STDOUT_FILENO) == 0, isatty(STDERR_FILENO) == 0 {
            signal(SIGHUP, SIG_IGN)
        } else {
            signals.append(SIGHUP)
        }
        let hub = engine.hub
        for sig in signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                let count = received.add(1, ordering: .relaxed).newValue
                let name = Self.name(sig)
                if count > 1 {
                    Self.exit(journal, "\(name) again: exiting now", signal: name, status: 130)
                }
                first.withLock { $0 = sig }
                // The Lua thread may never get to the abort: exit anyway once the grace is over.
                // (The process ends when the show does, so a timer that fires means it did not.)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(grace * 1e9))) { [self] in
                    guard !stopped.load(ordering: .acquiring) else { return }
                    Self.exit(journal, "\(name): the show did not stop within \(grace) s (a script stuck where no limit reaches it): exiting now",
                              signal: name, status: 128 + sig)
                }
                journal?.append(LuaTable(["type": "signal", "signal": .string(name)]))
                Console.err("\nshowcall: \(name): aborting the show; its cleanup runs (\(name == "SIGINT" ? "Ctrl-C" : name) again exits at once)\n")
                hub.send(.abort) { refusal in
                    // No show running: stop the script where it waits; its cleanup runs as it unwinds.
                    guard refusal != nil else { return }
                    hub.onLoop { self.main?.cancel(with: Cancelled("interrupted by \(name)")) }
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Ends the process from a signal's thread: the run's end journaled and on disk first.
    private static func exit(_ journal: Journal?, _ message: String, signal: String, status: Int32) -> Never {
        Console.err("\nshowcall: \(message)\n")
        journal?.append(LuaTable(["type": "run_ended", "status": "interrupted", "signal": .string(signal)]))
        journal?.flush()
        Console.flush()
        _exit(status)
    }

    func stop() {
        sources.forEach { $0.cancel() }
        stopped.store(true, ordering: .releasing)
    }

    private static func name(_ sig: Int32) -> String {
        switch sig {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(sig)"
        }
    }
}
