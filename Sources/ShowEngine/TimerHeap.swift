/// Timers keyed by deadline: a binary min-heap, ties broken by arming order so that timers due
/// at the same instant fire in the order they were set. Cancelled timers are dropped lazily.
struct TimerHeap {
    struct Entry {
        let deadline: UInt64
        let sequence: UInt64
        let fire: () -> Void
    }

    private var heap: [Entry] = []
    /// Armed timers not yet fired or cancelled: cancelling anything else (a timer that already
    /// fired) must not leave an id behind in `cancelled`.
    private var armed: Set<UInt64> = []
    private var cancelled: Set<UInt64> = []
    private var nextSequence: UInt64 = 0

    /// Arms a timer; the returned id cancels it.
    mutating func add(deadline: UInt64, fire: @escaping () -> Void) -> UInt64 {
        let id = nextSequence
        nextSequence += 1
        armed.insert(id)
        heap.append(Entry(deadline: deadline, sequence: id, fire: fire))
        siftUp(heap.count - 1)
        return id
    }

    mutating func cancel(_ id: UInt64) {
        if armed.remove(id) != nil { cancelled.insert(id) }
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> UInt64? {
        dropCancelled()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest live timer if it is due at `now`.
    mutating func popDue(now: UInt64) -> Entry? {
        dropCancelled()
        guard let first = heap.first, first.deadline <= now else { return nil }
        armed.remove(first.sequence)
        return removeFirst()
    }

    private mutating func dropCancelled() {
        while let first = heap.first, cancelled.remove(first.sequence) != nil {
            _ = removeFirst()
        }
    }

    private mutating func removeFirst() -> Entry {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        (heap[a].deadline, heap[a].sequence) < (heap[b].deadline, heap[b].sequence)
    }

    private mutating func siftUp(_ i: Int) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { return }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, less(l, m) { m = l }
            if r < heap.count, less(r, m) { m = r }
            guard m != i else { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
