import Dispatch
import Foundation
import LuaHost
import ShowEngine
import Synchronization

/// Signals during a show run, as an operator expects them:
/// - the first SIGINT (Ctrl-C) or SIGTERM aborts the running show, whose cleanup then turns
///   its outputs off; with no show running it cancels the script where it waits;
/// - a second one exits at once (status 130), the journal flushed first;
/// - after a first one, a show whose thread stops answering for the grace period (a script
///   stuck where no budget reaches it: a pattern match inside one C call, or limits turned
///   off) exits the same way, with 128 + the signal's number, so a stuck process never needs
///   SIGKILL; a cleanup waiting on a slow call keeps answering and is left to finish;
/// - SIGHUP is ignored when the run has no terminal (started under nohup, a service, ssh
///   without a tty), and with a terminal that went away is taken as SIGTERM.
final class RunSignals: Sendable {
    private let received = Atomic<Int>(0)
    private let first = Mutex<Int32?>(nil)
    /// Set when the run has ended: a grace timer still pending then has nothing to stop.
    private let stopped = Atomic<Bool>(false)
    /// The timer that watches the show's thread after the first signal.
    nonisolated(unsafe) private var watchdog: (any DispatchSourceTimer)?
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
                watchLoop(hub, grace: grace) {
                    Self.exit(journal, "\(name): the show has not answered for \(grace) s (a script stuck where no limit reaches it): exiting now",
                              signal: name, status: 128 + sig)
                }
                journal?.append(.signal(name))
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

    /// After the first signal, the show's thread is asked every quarter second to answer; if it
    /// has not answered for `grace` seconds, it is stuck where nothing reaches it, and `stuck`
    /// ends the process. A cleanup that waits on a slow platform call leaves the thread free,
    /// so it answers and may take its time.
    private func watchLoop(_ hub: ShowHub, grace: Double, stuck: @escaping @Sendable () -> Void) {
        let answered = Atomic<UInt64>(DispatchTime.now().uptimeNanoseconds)
        let limit = UInt64(grace * 1e9)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [self] in
            guard !stopped.load(ordering: .acquiring) else { return }
            if DispatchTime.now().uptimeNanoseconds - answered.load(ordering: .acquiring) > limit { stuck() }
            hub.onLoop { answered.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing) }
        }
        timer.resume()
        watchdog = timer // set once, by the first signal's handler; cancelled by stop()
    }

    /// Ends the process from a signal's thread: the run's end journaled and on disk first.
    private static func exit(_ journal: Journal?, _ message: String, signal: String, status: Int32) -> Never {
        Console.err("\nshowcall: \(message)\n")
        journal?.append(.runEnded(.interrupted, signal: signal))
        journal?.flush()
        Console.flush()
        _exit(status)
    }

    func stop() {
        sources.forEach { $0.cancel() }
        stopped.store(true, ordering: .releasing)
        watchdog?.cancel()
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
