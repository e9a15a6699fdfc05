import Foundation
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// Turns Ctrl-C (SIGINT) into a call on the loop thread, so that it never kills the REPL: the
/// handler only writes a byte to a pipe (async-signal-safe), and a thread waiting on the pipe
/// posts the call.
enum InterruptWatcher {
    nonisolated(unsafe) private static var pipeIn: Int32 = -1

    static func start(loop: LuaRunLoop, _ onInterrupt: @escaping () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        pipeIn = ends[1]
        // A signal mask inherited from whatever started us (a test harness, a supervisor)
        // would keep SIGINT from arriving.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(InterruptWatcher.pipeIn, &byte, 1)
        }
        let call = UncheckedSendable(onInterrupt)
        let pipeOut = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(pipeOut, &byte, 1) == 1 { loop.post { call.value() } }
        }
    }
}
