import Testing
@testable import ShowEngine

@Suite struct TimerHeapTests {
    @Test func firesInDeadlineThenArmingOrderAndSkipsCancelled() {
        var heap = TimerHeap()
        var fired: [String] = []
        _ = heap.add(deadline: 30) { fired.append("c") }
        let b = heap.add(deadline: 20) { fired.append("b") }
        _ = heap.add(deadline: 10) { fired.append("a1") }
        _ = heap.add(deadline: 10) { fired.append("a2") }
        heap.cancel(b)
        #expect(heap.nextDeadline() == 10)
        while let entry = heap.popDue(now: 100) { entry.fire() }
        #expect(fired == ["a1", "a2", "c"])
    }
}
