import LuaHost
import Testing

/// The loop's turns: work that waits for the loop to catch up (the journal's writer woken for
/// what a turn queued, log lines written, answers sent) is never held for long, even by a loop
/// that never runs out of work.
@Suite struct RunLoopTests {
    final class Counts: @unchecked Sendable {
        var caughtUp = 0
        var jobs = 0
    }

    @Test("a loop busy with a job that posts itself again still catches up every few milliseconds")
    func busyLoopStillCatchesUp() throws {
        let loop = try LuaState(output: { _ in }).loop
        let counts = Counts()
        loop.whenCaughtUp { counts.caughtUp += 1 }
        // Far more jobs than three catch-ups take; a loop that only catches up once idle would
        // run them all first.
        let most = 20_000_000
        @Sendable func again() {
            loop.post {
                counts.jobs += 1
                if counts.caughtUp < 3, counts.jobs < most { again() }
            }
        }
        again()
        loop.run(until: { counts.caughtUp >= 3 || counts.jobs >= most })
        #expect(counts.caughtUp >= 3)
        #expect(counts.jobs < most)
    }

    @Test("what waits for the loop to catch up runs after the turn's work: updates before what tells, each in order, the loop's own work again after; outside a turn at once")
    func onceCaughtUpWaitsForTheTurn() throws {
        let loop = try LuaState(output: { _ in }).loop
        var order: [String] = []
        loop.whenCaughtUp { order.append("caught up") }
        loop.turn {
            loop.onceCaughtUp { order.append("first answer") }
            loop.onceCaughtUpFirst {
                order.append("state")
                // Told in the same catching up, after the state it follows.
                loop.onceCaughtUp { order.append("state sent") }
            }
            loop.onceCaughtUp { order.append("second answer") }
            loop.onceCaughtUpFirst { order.append("other state") }
            order.append("turn")
        }
        // The loop's own catching-up work comes last again, for what the waiting work left.
        #expect(order == ["turn", "caught up", "state", "other state", "first answer", "second answer", "state sent", "caught up"])
        loop.onceCaughtUp { order.append("outside") }
        #expect(order.last == "outside")
        loop.onceCaughtUpFirst { order.append("outside first") }
        #expect(order.last == "outside first")
    }
}
