import Foundation
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// Turns Ctrl-C (SIGINT) into a call on the loop thread, so that it never kills the REPL: the
/// handler only writes a byte to a pipe (async-signal-safe), and a thread waiting on the pipe
/// posts the call. SIGHUP (the terminal went away) and SIGTERM become `onHangup`, so that a
/// show the REPL runs is aborted and its cleanup runs before the REPL leaves.
enum InterruptWatcher {
    nonisolated(unsafe) private static var pipeIn: Int32 = -1

    static func start(loop: LuaRunLoop, _ onInterrupt: @escaping () -> Void, onHangup: @escaping () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        pipeIn = ends[1]
        // A signal mask inherited from whatever started us (a test harness, a supervisor)
        // would keep SIGINT from arriving.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        for sig in [SIGINT, SIGHUP, SIGTERM] {
            signal(sig) { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                _ = write(InterruptWatcher.pipeIn, &byte, 1)
            }
        }
        let interrupt = UncheckedSendable(onInterrupt), hangup = UncheckedSendable(onHangup)
        let pipeOut = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(pipeOut, &byte, 1) == 1 {
                let call = Int32(byte) == SIGINT ? interrupt : hangup
                loop.post { call.value() }
            }
        }
    }
}
