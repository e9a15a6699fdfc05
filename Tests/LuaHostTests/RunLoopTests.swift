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

    @Test("what waits for the loop to catch up runs after the turn's work, in order; outside a turn at once")
    func onceCaughtUpWaitsForTheTurn() throws {
        let loop = try LuaState(output: { _ in }).loop
        var order: [String] = []
        loop.whenCaughtUp { order.append("caught up") }
        loop.turn {
            loop.onceCaughtUp { order.append("first answer") }
            loop.onceCaughtUp { order.append("second answer") }
            order.append("turn")
        }
        #expect(order == ["turn", "caught up", "first answer", "second answer"])
        loop.onceCaughtUp { order.append("outside") }
        #expect(order.last == "outside")
    }
}
