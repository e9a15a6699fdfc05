import Foundation
import ShowEngine

/// A show's journal in PostgreSQL, written under its lease: an append is durable when its
/// transaction commits, and is refused once another host holds the show (fencing). While the
/// store does not answer, an append waits and tries again: the run's entries queue behind it,
/// and a call whose intent is not yet durable is not sent.
public final class PostgresJournalStore: JournalStore {
    public let store: PostgresStore
    public let show: String
    /// Nil: read only (a follower, `log`).
    let lease: ShowLease?

    public init(store: PostgresStore, show: String, lease: ShowLease? = nil) {
        (self.store, self.show, self.lease) = (store, show, lease)
    }

    /// How long an append may go unanswered before it is abandoned and tried again (a
    /// connection the server dropped answers nothing): not the lease's time, which a busy
    /// machine's commit may exceed without anything being wrong.
    static let answerTimeout = 5.0

    public var location: String { "\(store.address) show '\(show)'" }

    /// A commit is durable: there is nothing handed over to make durable.
    public func append(_ lines: [JournalLine]) -> String? {
        guard let lease else { return "a follower does not write the journal" }
        if lines.isEmpty { return nil }
        let rows = lines.map { (seq: $0.seq, text: String($0.text.dropLast())) }
        var wait = 0.05
        while true {
            if let lost = lease.lost { return lost.description }
            do {
                try blocking { [store, show] in
                    try await within(Self.answerTimeout, "an append") {
                        try await store.append(show: show, holder: lease.holder, epoch: lease.epoch, lines: rows)
                    }
                }
                return nil
            } catch let lost as LeaseLost {
                lease.lose(lost)
                return lost.description
            } catch let conflict as JournalConflict {
                return conflict.description
            } catch {
                // The lease's renewals report the outage; entries wait for the store.
                Thread.sleep(forTimeInterval: wait)
                wait = min(wait * 2, 0.5)
            }
        }
    }

    public func read(after position: Int) throws -> (bytes: [UInt8], next: Int) {
        let lines = try blocking { [store, show] in try await store.lines(show: show, after: Int64(position)) }
        let bytes = Array(lines.map { $0.text + "\n" }.joined().utf8)
        return (bytes, Int(lines.last?.seq ?? Int64(position)))
    }
}
