import Foundation
import LuaHost

/// The entries of a journal file, read back. A last line cut short (the process was killed
/// while writing it) is expected and set aside; a bad line before the end is damage, reported
/// with its line number.
public struct JournalFile: Sendable {
    public let path: String
    public let entries: [JournalEntry]
    /// Each entry's line number, for messages that name where it is.
    public let lines: [Int]
    /// The torn last line, if there was one (it was never acknowledged as written).
    public let tornTail: String?
    /// Bytes up to the end of the last whole line: where a resumed run goes on writing.
    public let intactLength: Int

    /// The journal file at `path`.
    public init(path: String) throws {
        try self.init(store: JournalFileStore(path: path))
    }

    /// Everything `store` holds.
    public init(store: any JournalStore) throws {
        try self.init(path: store.location, bytes: try store.read(after: 0).bytes)
    }

    public init(path: String, bytes: [UInt8]) throws {
        self.path = path
        var entries: [JournalEntry] = []
        var numbers: [Int] = []
        var torn: String?
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where !line.isEmpty {
            let isLast = i == lines.count - 1
            guard let table = Self.object(line) else {
                if isLast {
                    torn = String(decoding: line, as: UTF8.self)
                    continue
                }
                throw JournalError("\(path):\(i + 1): not a journal entry (the file is damaged before its last line)")
            }
            let entry = try Self.entry(table, at: "\(path):\(i + 1)")
            try Self.check(entry, follows: entries.last, at: "\(path):\(i + 1)")
            entries.append(entry)
            numbers.append(i + 1)
        }
        guard let first = entries.first, first.kind == .runStarted else {
            throw JournalError("\(path): not a ShowCall journal (it does not begin with run_started)")
        }
        self.entries = entries
        self.lines = numbers
        tornTail = torn
        intactLength = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    }

    /// One line of a journal, decoded as JSON; nil if it is not a JSON object. Its nulls are
    /// `.null`; the contract (`JournalEntry`) reads a null field as absent.
    public static func object(_ line: some Collection<UInt8>) -> LuaTable? {
        guard case .table(let entry)? = try? LuaJSON.decode(line) else { return nil }
        return entry
    }

    /// A line's object checked against the journal's contract: a journal is a file anyone
    /// could have edited. `place` is "journal.jsonl:4".
    public static func entry(_ object: LuaTable, at place: String) throws(JournalError) -> JournalEntry {
        do {
            return try JournalEntry(object, at: place)
        } catch {
            throw JournalError(error.description)
        }
    }

    /// The run numbers its entries in order and a resume goes on from the last one: a number
    /// that does not follow the one before is an edit, and appending after it would repeat one.
    public static func check(_ entry: JournalEntry, follows previous: JournalEntry?, at place: String) throws(JournalError) {
        if let seq = entry.seq, let before = previous?.seq, seq <= before {
            throw JournalError("\(place): entry '\(entry.kind.rawValue)': seq \(seq) does not follow the entry before it (\(before)); the journal is out of order")
        }
    }

    /// A value as the journal writes it (JSON).
    public static func text(_ value: LuaValue) -> String { LuaJSON.encode(value) }

    /// The run's first entry: script, hash, profile, arguments.
    public var header: JournalEntry { entries[0] }

    /// The number the next entry gets.
    public var nextSeq: Int64 { (entries.last?.seq ?? 0) + 1 }

    /// Whether entries can still be added after the last one within the contract's numbers
    /// (`NumberRule.sequence`): a resume refuses a journal whose numbers are used up.
    public var canGoOn: Bool { nextSeq <= Int64(NumberRule.sequence.range.upperBound) }

    /// The entry timed furthest after `now`, with its place ("journal.jsonl:14") and how far
    /// ahead it is; nil when none is ahead.
    public func furthestAhead(of now: Double) -> (place: String, entry: JournalEntry, seconds: Double)? {
        var found: (place: String, entry: JournalEntry, seconds: Double)?
        for (entry, line) in zip(entries, lines) {
            guard let time = entry["time"].number, time > now, time - now > found?.seconds ?? 0 else { continue }
            found = ("\(path):\(line)", entry, time - now)
        }
        return found
    }

    /// How the last segment of the run ended, if it did.
    public var ending: RunEnding? {
        guard let last = entries.last(where: { [.runEnded, .runStarted, .runResumed].contains($0.kind) }),
              last.kind == .runEnded else { return nil }
        return last.string("status").flatMap(RunEnding.init(rawValue:))
    }
}

public struct JournalError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
