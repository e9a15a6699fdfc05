import LuaHost

/// Where a journal's entries are kept. `Journal` numbers, encodes, redacts and groups the
/// entries; a store only keeps their lines and hands them back. The fsync'd JSON Lines file
/// (`JournalFileStore`) is the first; another (a database shared by a main and a backup host)
/// adds a conformance, not a change to the show runner or to resume.
public protocol JournalStore: Sendable {
    /// Where the journal is, for people: a path, a database's address.
    var location: String { get }

    /// Appends whole lines, in order, and returns once they are durable, with every line
    /// handed over before them: on a crash right after, they are there. Returns why not, if
    /// they could not be written; the first append makes the journal. No lines: makes what
    /// was handed over durable.
    func append(_ lines: [JournalLine]) -> String?

    /// Hands lines over in order without waiting for them to be durable: they survive this
    /// process dying (not necessarily the machine), and the next `append` makes them durable.
    func handOver(_ lines: [JournalLine]) -> String?

    /// The lines appended after `position` (0: all of them), as bytes, and the position that
    /// follows them (a file's byte offset, a database's sequence number: the store's own). A
    /// line still being written may end them, cut short: readers set it aside.
    func read(after position: Int) throws -> (bytes: [UInt8], next: Int)
}

/// One encoded entry: its sequence number and its JSON line, ending in "\n".
public struct JournalLine: Sendable {
    public let seq: Int64
    public let text: String

    public init(seq: Int64, text: String) { (self.seq, self.text) = (seq, text) }
}

extension JournalStore {
    /// A store whose every write is durable (a database's commit) hands over by appending.
    public func handOver(_ lines: [JournalLine]) -> String? { append(lines) }

    /// The entries numbered `seq` and after, each checked as outside input (see `JournalFile`).
    public func entries(from seq: Int64) throws -> [JournalEntry] {
        try JournalFile(store: self).entries.filter { ($0.seq ?? 0) >= seq }
    }
}
