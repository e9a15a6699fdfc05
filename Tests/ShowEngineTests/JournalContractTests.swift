import LuaHost
import Testing
@testable import ShowEngine

/// The journal's contract: what the host writes reads back as the same entry, and a show's
/// entry with any field of the wrong kind, an unknown field or a host kind is refused, naming
/// the field and the rule.
@Suite struct JournalContractTests {
    /// Every entry the host makes, through its typed constructors.
    static let hostEntries: [JournalEntry] = [
        JournalStoreTests.header,
        .runStarted(version: "1", pid: 42, script: "-", sha256: "ab", profile: "live", args: ["a", "b"], safety: .table(LuaTable())),
        .runResumed(pid: 43, sha256: "ab", forced: true, safety: .table(LuaTable())),
        .runEnded(.done), .runEnded(.interrupted, signal: "SIGINT"), .runError(message: "boom", traceback: "x.lua:1"),
        .signal("SIGTERM"), .command(show: "A", command: "jump", step: "two"), .command(show: "A", command: "go", step: nil),
        .callIntent(call: "k", operation: "zoom.livestream:start", target: "t", args: LuaTable(), place: ("A", "go"), unansweredBefore: true),
        .callIntent(call: "k", operation: "zoom.livestream:start", target: "t", args: LuaTable(), place: nil, unansweredBefore: false),
        .callOutcome(call: "k", milliseconds: 12, result: .table(LuaTable(["status": "live"]))),
        .callOutcome(call: "k", milliseconds: 0, error: "503"), .callReplayed(call: "k"),
    ]

    @Test("every host entry reads back as written", arguments: hostEntries)
    func hostEntryReadsBack(_ entry: JournalEntry) throws {
        let line = entry.numbered(7, time: 1_700_000_000.25)
        let read = try JournalEntry(try #require(JournalFile.object(Array(line.json.utf8))), at: "j:1")
        #expect(read.kind == entry.kind)
        #expect(read.json == line.json)
    }

    /// A valid entry of each show kind.
    static func valid(_ kind: JournalEntryKind) -> LuaTable {
        var t = LuaTable(["type": .string(kind.rawValue)])
        for field in kind.fields where field.required {
            t[field.name] = switch field.kind {
            case .string: "x"
            case .boolean: true
            case .table, .value: .table(LuaTable())
            case .strings: .table(LuaTable(array: ["a"]))
            case .integer: 1
            case .number: 1_700_000_000
            case .oneOf(let names): .string(names[0])
            }
        }
        return t
    }

    static let showKinds = JournalEntryKind.allCases.filter { $0.writer == .show }

    @Test("a show's valid entry of each kind is taken", arguments: showKinds)
    func validShowEntry(_ kind: JournalEntryKind) throws {
        #expect(try JournalEntry(Self.valid(kind), show: "A").kind == kind)
    }

    /// Values of every kind, and the numeric edges, for every field of every show kind.
    static let edges: [LuaValue] = ["text", true, 1, -1, .number(.nan), .number(.infinity), .number(-0.0), 1e300,
                                    .integer(.min), .table(LuaTable(array: [1])), .table(LuaTable(["a": 1]))]

    @Test("a show's entry with a field of the wrong kind is refused, naming the field", arguments: showKinds)
    func wrongFieldKinds(_ kind: JournalEntryKind) {
        for field in kind.allFields(reading: false) where field.name != "show" {
            for value in Self.edges {
                var t = Self.valid(kind)
                t[field.name] = value
                let accepted = field.kind.refusal(of: value, named: field.name) == nil
                do {
                    _ = try JournalEntry(t, show: "A")
                    #expect(accepted, "\(kind.rawValue).\(field.name) = \(value) was taken")
                } catch {
                    #expect(!accepted && error.description.contains(field.name), "\(kind.rawValue).\(field.name) = \(value): \(error)")
                }
            }
        }
    }

    @Test("a show cannot write an unknown field, a host entry, its own seq, or leave out a required field")
    func refusals() {
        var unknown = Self.valid(.cue)
        unknown["aftr"] = 5
        #expect(throws: JournalEntryError.self) { try JournalEntry(unknown, show: "A") }
        #expect(throws: JournalEntryError.self) { try JournalEntry(LuaTable(["type": "call_outcome", "call": "k", "ms": 1, "ok": true]), show: "A") }
        var seq = Self.valid(.hold)
        seq["seq"] = 3
        #expect(throws: JournalEntryError.self) { try JournalEntry(seq, show: "A") }
        #expect(throws: JournalEntryError.self) { try JournalEntry(LuaTable(["type": "step_done", "text": "t"]), show: "A") }
        #expect(throws: JournalEntryError.self) { try JournalEntry(LuaTable(["type": "nonsense"]), show: "A") }
    }

    @Test("a journal line needs its seq and time")
    func readingNeedsSeqAndTime() {
        #expect(throws: JournalEntryError.self) { try JournalEntry(LuaTable(["type": "signal", "signal": "SIGINT", "time": 1]), at: "j:1") }
        #expect(throws: JournalEntryError.self) { try JournalEntry(LuaTable(["type": "signal", "signal": "SIGINT", "seq": 1]), at: "j:1") }
        #expect((try? JournalEntry(LuaTable(["type": "signal", "signal": "SIGINT", "seq": 1, "time": 1]), at: "j:1")) != nil)
    }

    /// A line's nulls decode as `showcall.null`; as a field's whole value that is no field.
    static func read(_ line: String) throws -> JournalEntry {
        try JournalEntry(try #require(JournalFile.object(Array(line.utf8))), at: "j:3")
    }

    @Test("a field that is null is absent, in a line read back and in a show's entry; a null inside a value stays null")
    func nullIsAbsent() throws {
        let entry = try Self.read(#"{"type":"call_outcome","seq":3,"time":1700000000.5,"call":"k","ms":4,"ok":true,"error":null,"result":{"slideUrl":null,"list":[1,null,2]}}"#)
        #expect(entry["error"] == .nil)
        #expect(entry["result"].field("slideUrl") == .null)
        #expect(entry.json == #"{"call":"k","ms":4,"ok":true,"result":{"list":[1,null,2],"slideUrl":null},"seq":3,"time":1700000000.5,"type":"call_outcome"}"#)
        do {
            _ = try Self.read(#"{"type":"call_outcome","seq":3,"time":1700000000.5,"call":null,"ms":4,"ok":true}"#)
            Issue.record("a required field that is null was taken")
        } catch {
            #expect("\(error)".contains("needs the field 'call'"), "\(error)")
        }
        var done = Self.valid(.stepDone)
        done["error"] = .null
        let shows = try JournalEntry(done, show: "A")
        #expect(shows["error"] == .nil && !shows.json.contains("error"))
    }
}

extension JournalEntry: CustomTestStringConvertible {
    public var testDescription: String { kind.rawValue }
}
