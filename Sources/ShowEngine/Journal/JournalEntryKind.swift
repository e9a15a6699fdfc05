import LuaHost

/// Every kind of journal entry and the fields it carries: the journal's contract. Entries are
/// checked against it when a show writes them and when a journal is read back; the editor
/// types of `showcall.channel` are generated from it (`luaDeclarations`).
public enum JournalEntryKind: String, CaseIterable, Sendable {
    // The run, written by the host.
    case runStarted = "run_started", runResumed = "run_resumed", runEnded = "run_ended", runError = "run_error"
    case signal
    // An operator's command, as the hub received it.
    case command
    // Platform calls, written by the host around each request.
    case callIntent = "call_intent", callOutcome = "call_outcome", callReplayed = "call_replayed"
    // The shows' own narrative, written from Lua through `showcall.channel`.
    case showStarted = "show_started", showResumed = "show_resumed", showCleanup = "show_cleanup"
    case showDone = "show_done", showAborted = "show_aborted"
    case stepNext = "step_next", stepStarted = "step_started"
    case stepDone = "step_done", stepFailed = "step_failed", stepSkipped = "step_skipped"
    case actionDone = "action_done", actionFailed = "action_failed"
    case cue, hold, resume, go, ignored, error, jump

    public enum Writer: Sendable { case host, show }

    public var writer: Writer {
        switch self {
        case .runStarted, .runResumed, .runEnded, .runError, .signal, .command, .callIntent, .callOutcome, .callReplayed: .host
        default: .show
        }
    }

    /// The fields of this kind, besides `type`, `seq` and `time`.
    public var fields: [JournalField] {
        typealias F = JournalField
        let show = F("show", .string, required: true, "the show's name")
        let text = F("text", .string, required: true, "a line for people")
        let step = F("step", .string, required: true, "the step's name")
        let resumed = F("resumed", .boolean, "true: in a resumed run, picking up where the journal stopped")
        switch self {
        case .runStarted:
            return [F("version", .string, required: true, "ShowCall's version"), F("pid", .integer(.processID), required: true, "the process"),
                    F("script", .string, required: true, "the script's real path, or - for standard input"),
                    F("sha256", .string, "the script's hash when the run started"),
                    F("profile", .string, "the profile's name (none: the simulator)"),
                    F("simulated", .boolean, required: true, "true: against the embedded simulator"),
                    F("args", .strings, required: true, "the script's arguments"),
                    F("safety", .table, required: true, "the sandbox and limits the run has (ScriptSafety)")]
        case .runResumed:
            return [F("pid", .integer(.processID), required: true, "the process"), F("sha256", .string, required: true, "the script's hash"),
                    F("forced", .boolean, required: true, "resumed although the script changed"),
                    F("safety", .table, required: true, "the sandbox and limits the resumed run has")]
        case .runEnded:
            return [F("status", .oneOf(RunEnding.allCases.map(\.rawValue)), required: true, "how the run ended"),
                    F("signal", .string, "the signal that interrupted it")]
        case .runError:
            return [F("message", .string, required: true, "the script's error"), F("traceback", .string, "where it was raised")]
        case .signal:
            return [F("signal", .string, required: true, "SIGINT or SIGTERM, received")]
        case .command:
            return [show, F("command", .oneOf(ShowCommand.names), required: true, "the operator's command"),
                    F("step", .string, "JUMP's target")]
        case .callIntent:
            return [F("call", .string, required: true, "the call's key: where in the show, what, which one"),
                    F("operation", .string, required: true, "vbrick.broadcast:start"), F("target", .string, required: true, "what it acts on"),
                    F("args", .table, required: true, "its arguments, secrets redacted"),
                    F("show", .string, "the show that made it (none: the script)"), F("step", .string, "the step that made it"),
                    F("unanswered_before", .boolean, "the run being resumed sent it and never heard back")]
        case .callOutcome:
            return [F("call", .string, required: true, "the call's key"), F("ms", .integer(.milliseconds), required: true, "how long it took"),
                    F("ok", .boolean, required: true, "whether it succeeded"), F("result", .value, "what the script got"),
                    F("error", .string, "why it failed")]
        case .callReplayed:
            return [F("call", .string, required: true, "the key of a call answered from the journal, not sent")]
        case .showStarted:
            return [show, text, F("tz", .string, "the show's display zone (an IANA name): where its times are shown")]
        case .ignored:
            return [show, text, F("command", .oneOf(ShowCommand.names), required: true, "the command that did nothing"),
                    F("reason", .string, required: true, "why: \"show is held\", \"nothing to skip\"")]
        case .showResumed, .showDone, .showAborted, .hold, .resume, .go, .error:
            return [show, text]
        case .showCleanup:
            return [show]
        case .stepNext:
            return [show, step, F("index", .integer(.stepIndex), required: true, "the step's position"),
                    F("jumped", .boolean, "reached by JUMP or a fallback: starts at once"), resumed]
        case .stepStarted:
            return [show, step, text, F("planned", .number(.epochSeconds), "when it was planned to start"), resumed]
        case .stepDone, .stepFailed, .stepSkipped:
            return [show, step, text, F("error", .string, "why it failed")]
        case .actionDone, .actionFailed:
            return [show, step, text, F("action", .string, required: true, "the action's name"),
                    F("result", .string, required: true, "what it returned, or its error")]
        case .cue, .jump:
            return [show, step, text]
        }
    }

    /// `fields`, with the journal's own `seq` and `time`: required in a journal read back;
    /// a show may give its own `time` (the show clock's) but never a `seq`.
    func allFields(reading: Bool) -> [JournalField] {
        let time = JournalField("time", .number(.epochSeconds), required: reading, "when, seconds since 1970")
        let seq = JournalField("seq", .integer(.sequence), required: true, "its place in the journal, from 1")
        return fields + (reading ? [seq, time] : [time])
    }

    static var showKinds: String { allCases.filter { $0.writer == .show }.map(\.rawValue).joined(separator: ", ") }

    /// LuaLS declarations of the entries a show writes: one class per kind, the union of them
    /// all, for `showcall.channel`'s `emit` and `journal`.
    public static var luaDeclarations: [String] {
        var out: [String] = []
        for kind in allCases where kind.writer == .show {
            out.append("---@class (exact) showcall.entry.\(kind.rawValue)")
            out.append("---@field type \"\(kind.rawValue)\"")
            for field in kind.allFields(reading: false) where field.name != "show" {
                out.append("---@field \(field.name)\(field.required ? "" : "?") \(field.kind.luaType) \(field.doc)")
            }
            out.append("")
        }
        let kinds = allCases.filter { $0.writer == .show }.map { "showcall.entry.\($0.rawValue)" }
        out += ["---@alias showcall.entry \(kinds.joined(separator: "|"))", ""]
        return out
    }
}

/// A field of a journal entry: its name, what its value must be, and whether it must be there.
public struct JournalField: Sendable {
    public enum Kind: Sendable {
        case string, boolean, table, strings
        case integer(NumberRule)
        case number(NumberRule)
        /// One of these strings.
        case oneOf([String])
        /// Any JSON value (a call's result).
        case value
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let doc: String

    init(_ name: String, _ kind: Kind, required: Bool = false, _ doc: String) {
        (self.name, self.kind, self.required, self.doc) = (name, kind, required, doc)
    }
}

extension JournalField.Kind {
    /// Why `value` is not of this kind, or nil if it is.
    func refusal(of value: LuaValue, named name: String) -> String? {
        switch (self, value) {
        case (.string, .string), (.boolean, .boolean), (.table, .table), (.value, _): return nil
        case (.strings, .table(let list)):
            return list.hash.isEmpty && list.array.allSatisfy({ $0.text != nil }) ? nil : "\(name) must be \(text)"
        case (.oneOf(let names), .string(let s)):
            return names.contains(s.description) ? nil : "\(name) must be \(text), got '\(s.description)'"
        case (.integer(let rule), .integer(let i)):
            return refusal { _ = try rule.check(i, name) }
        case (.number(let rule), .integer(let i)):
            return refusal { _ = try rule.check(Double(i), name) }
        case (.number(let rule), .number(let d)):
            return refusal { _ = try rule.check(d, name) }
        default:
            return "\(name) must be \(text), got \(value.typeName == "nil" ? "nothing" : "a \(value.typeName)")"
        }
    }

    private func refusal(_ check: () throws -> Void) -> String? {
        do { try check(); return nil } catch { return String(describing: error) }
    }

    var text: String {
        switch self {
        case .string: "a string"
        case .boolean: "a boolean"
        case .table: "a table"
        case .strings: "a list of strings"
        case .integer(let rule), .number(let rule): rule.expected
        case .oneOf(let names): "one of " + names.joined(separator: ", ")
        case .value: "any value"
        }
    }

    var luaType: String {
        switch self {
        case .string: "string"
        case .boolean: "boolean"
        case .table: "table"
        case .strings: "string[]"
        case .integer: "integer"
        case .number: "number"
        case .oneOf(let names): names.map { "\"\($0)\"" }.joined(separator: "|")
        case .value: "any"
        }
    }
}

extension NumberRule {
    static let processID = NumberRule.count(1, Int64(Int32.max), unit: "process ID")
    static let milliseconds = NumberRule.count(0, 31_622_400_000, unit: "milliseconds")
    static let stepIndex = NumberRule.count(1, Int64(Int32.max), unit: "step position")
}
