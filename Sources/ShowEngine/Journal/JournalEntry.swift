import LuaHost

/// One entry of a run's journal: its kind and its fields, checked against the contract
/// (`JournalEntryKind.fields`) wherever an entry is made or read. The host makes its entries
/// with the typed constructors below; a show (Lua) makes its own through `showcall.channel`,
/// which checks them with `init(_:show:)`; a journal read back is checked line by line with
/// `init(_:at:)`. So the journal's format has one owner, this file and `JournalEntryKind`.
public struct JournalEntry: Sendable, Equatable {
    public let kind: JournalEntryKind
    /// Every field, `type` included, as written: what the line's JSON object holds.
    public private(set) var fields: LuaTable

    /// An entry the host makes: the typed constructors below are its only callers, and a test
    /// checks every one of them against the contract.
    init(unchecked kind: JournalEntryKind, _ fields: KeyValuePairs<String, LuaValue>) {
        self.kind = kind
        var table = LuaTable(["type": .string(kind.rawValue)])
        for (name, value) in fields where !value.isAbsent { table[name] = value }
        self.fields = table
    }

    /// An entry a show writes (`channel:emit`, `channel:journal`): a show kind, each field of
    /// its kind and of the contract's type; `show` is the channel's, whatever the table says.
    /// `seq` is the journal's to give.
    public init(_ table: LuaTable, show: String) throws(JournalEntryError) {
        guard let name = table["type"].text else { throw JournalEntryError("an entry needs a type (a string)") }
        guard let kind = JournalEntryKind(rawValue: name), kind.writer == .show else {
            throw JournalEntryError("a show cannot write an entry of type '\(name)' (\(JournalEntryKind.showKinds))")
        }
        var table = table
        table["show"] = .string(show)
        try self.init(kind: kind, table, reading: false)
    }

    /// An entry read back from a journal, which anyone could have edited: every field checked,
    /// `seq` and `time` required.
    public init(_ table: LuaTable, at place: String) throws(JournalEntryError) {
        guard let name = table["type"].text, let kind = JournalEntryKind(rawValue: name) else {
            throw JournalEntryError("\(place): not a journal entry type: \(table["type"].text.map { "'\($0)'" } ?? "none")")
        }
        do {
            try self.init(kind: kind, table, reading: true)
        } catch {
            throw JournalEntryError("\(place): \(error.description)")
        }
    }

    private init(kind: JournalEntryKind, _ table: LuaTable, reading: Bool) throws(JournalEntryError) {
        guard table.array.isEmpty else { throw JournalEntryError("entry '\(kind.rawValue)' is a list, not a record") }
        let fields = kind.allFields(reading: reading)
        // A JSON null is an absent field: `.null` as a line decodes it (or `showcall.null` from a
        // show), `.nil` as a table made in Swift may hold it.
        var table = table
        table.hash = table.hash.filter { !$0.value.isAbsent }
        for (key, value) in table.hash {
            guard let name = key.text, name != "type" else {
                if key.text == nil { throw JournalEntryError("entry '\(kind.rawValue)' has a key that is not a name: \(key.typeName)") }
                continue
            }
            guard let field = fields.first(where: { $0.name == name }) else {
                throw JournalEntryError("entry '\(kind.rawValue)' has no field '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            if let reason = field.kind.refusal(of: value, named: name) {
                throw JournalEntryError("entry '\(kind.rawValue)': \(reason)")
            }
        }
        for field in fields where field.required && table[field.name] == .nil {
            throw JournalEntryError("entry '\(kind.rawValue)' needs the field '\(field.name)' (\(field.kind.text))")
        }
        self.kind = kind
        self.fields = table
    }

    public subscript(field: String) -> LuaValue { fields[field] }
    public func string(_ field: String) -> String? { fields.string(field) }

    public var seq: Int64? { fields["seq"].integerValue }
    public var show: String? { string("show") }
    public var step: String? { string("step") }

    /// Numbered `seq`, and timed `time` unless it carries its own (a show's event has the
    /// show clock's time).
    func numbered(_ seq: Int64, time: Double) -> JournalEntry {
        var entry = self
        entry.fields["seq"] = .integer(seq)
        if entry.fields["time"] == .nil { entry.fields["time"] = .number((time * 1000).rounded() / 1000) }
        return entry
    }

    /// The entry's line: one JSON object.
    public var json: String { LuaJSON.encode(.table(fields)) }
}

extension LuaValue {
    /// A field the journal does not write: nil, or JSON's null.
    fileprivate var isAbsent: Bool { self == .nil || self == .null }
}

public struct JournalEntryError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

// MARK: what the host writes

extension JournalEntry {
    public static func runStarted(version: String, pid: Int64, script: String, sha256: String?, profile: String?,
                                  args: [String], safety: LuaValue) -> JournalEntry {
        JournalEntry(unchecked: .runStarted, ["version": .string(version), "pid": .integer(pid), "script": .string(script),
                                              "sha256": sha256.map { .string($0) } ?? .nil,
                                              "profile": profile.map { .string($0) } ?? .nil, "simulated": .boolean(profile == nil),
                                              "args": .table(LuaTable(array: args.map { .string($0) })), "safety": safety])
    }

    public static func runResumed(pid: Int64, sha256: String, forced: Bool, safety: LuaValue) -> JournalEntry {
        JournalEntry(unchecked: .runResumed, ["pid": .integer(pid), "sha256": .string(sha256), "forced": .boolean(forced), "safety": safety])
    }

    public static func runEnded(_ status: RunEnding, signal: String? = nil) -> JournalEntry {
        JournalEntry(unchecked: .runEnded, ["status": .string(status.rawValue), "signal": signal.map { .string($0) } ?? .nil])
    }

    public static func runError(message: String, traceback: String? = nil) -> JournalEntry {
        JournalEntry(unchecked: .runError, ["message": .string(message), "traceback": traceback.map { .string($0) } ?? .nil])
    }

    public static func signal(_ name: String) -> JournalEntry {
        JournalEntry(unchecked: .signal, ["signal": .string(name)])
    }

    public static func command(show: String, command: String, step: String?) -> JournalEntry {
        JournalEntry(unchecked: .command, ["show": .string(show), "command": .string(command), "step": step.map { .string($0) } ?? .nil])
    }

    /// `place` is the show and step the call was made from (nil: the script, outside any show).
    public static func callIntent(call: String, operation: String, target: String, args: LuaTable,
                                  place: (show: String, step: String?)?, unansweredBefore: Bool) -> JournalEntry {
        JournalEntry(unchecked: .callIntent, ["call": .string(call), "operation": .string(operation), "target": .string(target),
                                              "args": .table(args), "show": place.map { .string($0.show) } ?? .nil,
                                              "step": place?.step.map { .string($0) } ?? .nil,
                                              "unanswered_before": unansweredBefore ? true : .nil])
    }

    /// A call that answered: `result` is what the script got, secrets redacted.
    public static func callOutcome(call: String, milliseconds: Int64, result: LuaValue) -> JournalEntry {
        JournalEntry(unchecked: .callOutcome, ["call": .string(call), "ms": .integer(milliseconds), "ok": true, "result": result])
    }

    /// A call that failed with `error`, secrets redacted.
    public static func callOutcome(call: String, milliseconds: Int64, error: String) -> JournalEntry {
        JournalEntry(unchecked: .callOutcome, ["call": .string(call), "ms": .integer(milliseconds), "ok": false, "error": .string(error)])
    }

    public static func callReplayed(call: String) -> JournalEntry {
        JournalEntry(unchecked: .callReplayed, ["call": .string(call)])
    }
}

/// How a run (or the last segment of a resumed one) ended.
public enum RunEnding: String, Sendable, CaseIterable {
    case done, failed, interrupted
}
