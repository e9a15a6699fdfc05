import ArgumentParser
import Foundation
import LuaHost
import SharedStore
import ShowEngine

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print a run's journal: what the show did, each platform call and its answer, the operator's commands.",
        discussion: """
        A last line cut short by a crash is set aside (and said so on standard error). With \
        --follow, entries are printed as the run writes them, until it ends.
        """
    )

    @Argument(help: "The journal (printed by `showcall run` when the run starts); with a store, the show's name there.",
              completion: Completions.journal)
    var journal: String

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Print the entries as JSON Lines, for tools.")
    var json = false

    @Flag(name: .shortAndLong, help: "Keep printing entries as they are written, until the run ends.")
    var follow = false

    func run() throws {
        try reportingErrors {
            let source: any JournalStore = try storeOptions.address(profile: nil).map {
                PostgresJournalStore(store: try StoreOptions.connect($0), show: journal)
            } ?? JournalFileStore(path: journal)
            var reader = JournalTail(store: source)
            var text = JournalText()
            var number = 0
            var previous: JournalEntry?
            while true {
                let (lines, torn): ([ArraySlice<UInt8>], Bool)
                do { (lines, torn) = try reader.read() } catch let e as JournalError { throw UsageError(description: e.description) }
                for line in lines {
                    number += 1
                    guard let object = JournalFile.object(line) else {
                        throw UsageError(description: "\(journal):\(number): a damaged entry before the end of the file")
                    }
                    let entry: JournalEntry
                    do {
                        entry = try JournalFile.entry(object, at: "\(journal):\(number)")
                        try JournalFile.check(entry, follows: previous, at: "\(journal):\(number)")
                    } catch { throw UsageError(description: "\(error)") }
                    previous = entry
                    Console.out((json ? String(decoding: line, as: UTF8.self) : text.line(for: entry)) + "\n")
                    if follow, entry.kind == .runEnded {
                        Console.flush()
                        return 0
                    }
                }
                Console.flush()
                guard follow else {
                    if torn { Console.err("showcall: the last entry was cut short (the run was killed while writing it); set aside\n") }
                    return 0
                }
                usleep(200_000)
            }
        }
    }
}

/// Reads whole lines appended to a journal since the last read.
struct JournalTail {
    let store: any JournalStore
    private var offset = 0

    init(store: any JournalStore) { self.store = store }

    /// New complete lines, and whether a partial line follows them.
    mutating func read() throws -> (lines: [ArraySlice<UInt8>], torn: Bool) {
        let (bytes, next) = try store.read(after: offset)
        guard let end = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return ([], !bytes.isEmpty) }
        // A file's position is its bytes: read again from the start of a line cut short.
        offset = end + 1 == bytes.count ? next : offset + end + 1
        let lines = bytes[...end].split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }
        return (lines, end + 1 < bytes.count)
    }
}

/// Journal entries as lines for people: the time, then what happened. Times are in the host's
/// zone until a show says its own (`show_started`'s `tz`), then in the show's, with the zone's
/// abbreviation and the date when it is not today.
struct JournalText {
    /// Operations of calls whose answer is still to come, by call key.
    private var operations: [String: String] = [:]
    /// The show's zone, once an entry has named it.
    private var zone: ShowTime?

    mutating func line(for e: JournalEntry) -> String {
        if e.kind == .showStarted, let tz = e.string("tz"), let named = TimeZone(identifier: tz) { zone = ShowTime(zone: named) }
        let time = zone.map { Self.clock(e["time"].number ?? 0, in: $0) } ?? Self.clock(e["time"].number ?? 0)
        let show = e.show.map { "[\($0)] " } ?? ""
        switch e.kind {
        case .runStarted:
            let target = e.string("profile").map { "profile '\($0)'" } ?? "the embedded simulator"
            return "\(time) RUN   \(e.string("script") ?? "?") (sha256 \(e.string("sha256")?.prefix(12) ?? "-")), \(target), pid \(e["pid"].integerValue ?? 0)"
        case .runResumed:
            return "\(time) RUN   resumed, pid \(e["pid"].integerValue ?? 0)\(e["forced"] == .boolean(true) ? " (script changed: --force)" : "")"
        case .runEnded: return "\(time) RUN   ended: \(e.string("status") ?? "?")"
        case .runError: return "\(time) ERROR \(e.string("message") ?? "")"
        case .signal: return "\(time) RUN   \(e.string("signal") ?? "signal") received"
        case .command:
            return "\(time) OPER  \(show)\(e.string("command")?.uppercased() ?? "?")\(e.string("step").map { " \($0)" } ?? "")"
        case .stepNext: return "\(time) SHOW  \(show)next: step '\(e.string("step") ?? "?")'\(e["resumed"] == .boolean(true) ? " (resumed)" : "")"
        case .showCleanup: return "\(time) SHOW  \(show)cleanup"
        case .callIntent:
            let operation = e.string("operation") ?? "?"
            if let key = e.string("call") { operations[key] = operation }
            let args = e["args"].isEmptyTable ? "" : " " + JournalFile.text(e["args"])
            let check = e["unanswered_before"] == .boolean(true) ? " (unanswered before the crash: checked first)" : ""
            return "\(time) CALL  → \(operation) \(e.string("target") ?? "")\(args)\(check)"
        case .callOutcome:
            let operation = e.string("call").flatMap { operations.removeValue(forKey: $0) } ?? "call"
            let ms = e["ms"].integerValue.map { " (\($0) ms)" } ?? ""
            if e["ok"] == .boolean(true) {
                let result = e["result"] == .boolean(true) ? "" : " " + JournalFile.text(e["result"]).prefix(200)
                return "\(time) CALL  ← \(operation): ok\(result)\(ms)"
            }
            return "\(time) CALL  ← \(operation): FAILED \(e.string("error") ?? "")\(ms)"
        case .callReplayed:
            let parts = (e.string("call") ?? "").split(separator: "|")
            return "\(time) CALL  ↺ \(parts.count > 1 ? String(parts[1]) : "call"): answered from the journal, not sent again"
        default:
            return "\(time) SHOW  \(show)\(e.string("text") ?? e.kind.rawValue)"
        }
    }

    /// "HH:MM:SS.mmm EST" in the show's zone, dated when not today.
    static func clock(_ t: Double, in zone: ShowTime) -> String {
        zone.text(t, now: Date().timeIntervalSince1970, milliseconds: true)
    }

    static func clock(_ t: Double) -> String {
        ShowTime(zone: .current).clock(t, milliseconds: true)
    }
}

private extension LuaValue {
    var isEmptyTable: Bool { if case .table(let t) = self { t.array.isEmpty && t.hash.isEmpty } else { self == .nil } }
}
