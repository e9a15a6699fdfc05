import Foundation
import LuaHost
import ShowEngine

/// The seed's `event_data` properties (its "Required" and "Optional" tables) as ShowCall checks
/// them before sending, so the operator reads which field broke which rule instead of Convey's
/// bare returnCode 72: each property's documented type, when it applies, and its value rule.
/// A property the tables do not list is refused. A value of another type is converted only
/// where that is exact (a string of digits for an Integer or a Long, a whole number for a
/// String), and refused otherwise. Values the platform rounds or defaults (start time to the
/// next quarter hour, duration to the next half hour, an unknown time zone to UTC, a title past
/// 1000 characters) pass through: that is the platform's documented answer, not an error.
///
/// Where the document contradicts itself we follow its example and its "ignored" rule: the
/// example creates a Telephone event with `"region":0` and no `telephony_type`, so a Telephone
/// or Video Bridge event ignores the region (as the region's row says) and a Telephone event
/// may leave `telephony_type` out, although its row says "Required if Telephone is selected".
enum ConveyEventData {
    /// The document's types.
    enum Kind: String {
        case string = "String", integer = "Integer", long = "Long"
    }

    enum Need {
        /// Must be given to create an event.
        case required
        case optional
        /// The platform ignores it for this event: its type is checked, its value rule is not.
        case ignored
    }

    /// What decides whether a property applies: the event's type and acquisition type. An
    /// update that does not give them leaves them unknown (nil), and then every rule applies.
    struct Event {
        var live: Bool?
        var acquisition: Int64?
    }

    /// A value rule of the document's tables.
    enum Rule: Sendable {
        case oneOf([String])
        case range(ClosedRange<Int64>)
        /// ShowCall's: the document rounds "other values" up to the next half hour, which does
        /// not say what 0 or less becomes.
        case atLeast(Int64, String)
        /// "Comma separated list of integers. Each value is a bitmask" of 1, 2, 4, 8 and 16.
        case bitmasks
    }

    struct Property: Sendable {
        let name: String
        let kind: Kind
        let need: @Sendable (Event) -> Need
        let rule: Rule?
    }

    static let properties: [Property] = [
        Property(name: "event_title", kind: .string, need: always(.required), rule: nil),
        Property(name: "type", kind: .string, need: always(.required), rule: .oneOf(["live", "ondemand"])),
        Property(name: "scheduled_start_time", kind: .long, need: always(.required), rule: nil),
        Property(name: "scheduled_duration", kind: .integer, need: always(.required), rule: .atLeast(1, "minute")),
        Property(name: "timezone", kind: .string, need: always(.required), rule: nil),
        // "Ignored, and not required, if type is set to "ondemand". Currently live events set to
        // Telephony or Video Bridge acquisition types also ignore this value."
        Property(name: "region", kind: .integer, need: { e in
            e.live == false || e.acquisition == 3 || e.acquisition == 4 ? .ignored : .required
        }, rule: .range(1 ... 5)),
        Property(name: "acquisition_type", kind: .integer, need: { $0.live == false ? .ignored : .required }, rule: .range(0 ... 4)),
        // "Required if VCU/Telepresence is selected as acquisition type, ignored otherwise."
        Property(name: "vcu_address", kind: .string, need: when(acquisition: 1, .required), rule: nil),
        Property(name: "vcu_connection_type", kind: .string, need: when(acquisition: 1, .required), rule: .oneOf(["H.323", "SIP"])),
        // Optional, not required, for a Telephone event: the document's own example leaves it out.
        Property(name: "telephony_type", kind: .string, need: when(acquisition: 3, .optional), rule: .oneOf(["directdial", "bridge"])),
        Property(name: "video_bridge_type", kind: .string, need: when(acquisition: 4, .required), rule: .oneOf(["standard", "advanced"])),
        Property(name: "media_type", kind: .string, need: { $0.live == true ? .ignored : .required }, rule: .oneOf(["video", "audio"])),
        Property(name: "audience_capacity", kind: .integer, need: always(.required), rule: .range(50 ... 10_000)),
        Property(name: "event_expiration_months", kind: .integer, need: always(.required), rule: .range(3 ... 12)),
        // "Required for the Event Update request": the client sets it from the event.
        Property(name: "event_id", kind: .string, need: always(.optional), rule: nil),
        Property(name: "folder_id", kind: .integer, need: always(.optional), rule: nil),
        Property(name: "folder_from_event", kind: .integer, need: always(.optional), rule: nil),
        Property(name: "cost_center", kind: .string, need: always(.optional), rule: nil),
        Property(name: "guest_presenter_types", kind: .string, need: always(.optional), rule: .bitmasks),
        Property(name: "scheduled_player_close_time", kind: .long, need: always(.optional), rule: nil),
    ]

    static let known = Set(properties.map(\.name))

    /// The event data as it goes on the wire: every value of its documented type, each in its
    /// rule where it applies, and (creating) every required property given.
    static func checked(_ d: [String: LuaValue], creating: Bool) throws -> [String: LuaValue] {
        for key in d.keys.sorted() where !known.contains(key) {
            throw PlatformInputError(field: "event_data.\(key)", rule: "is not a Convey event field (known: \(known.sorted().joined(separator: ", ")))")
        }
        var out: [String: LuaValue] = [:]
        for p in properties { if let v = d[p.name] { out[p.name] = try typed(v, p) } }
        let live = out["type"]?.text.map { $0 == "live" }
        let event = Event(live: live, acquisition: live == false ? nil : out["acquisition_type"]?.integerValue)
        for p in properties {
            let need = p.need(event)
            guard let value = out[p.name] else {
                if creating && need == .required { throw fail(p.name, "is required to create an event") }
                continue
            }
            if need != .ignored, let rule = p.rule { try check(value, rule, p.name) }
        }
        return out
    }

    /// The value in the property's type: as given, or converted where that is exact.
    static func typed(_ v: LuaValue, _ p: Property) throws -> LuaValue {
        switch (p.kind, v) {
        case (.string, .string): return v
        case (.string, .integer(let i)): return .string(String(i))
        case (.integer, .integer), (.long, .integer): return v
        case (.integer, .number(let d)), (.long, .number(let d)):
            if let i = Int64(exactly: d) { return .integer(i) }
        case (.integer, .string(let s)), (.long, .string(let s)):
            if let i = Int64(s.description) { return .integer(i) }
        default: break
        }
        let what = p.kind == .string ? "a string (or a whole number, sent as its digits)" : "a whole number (or a string of its digits)"
        throw fail(p.name, "must be \(p.kind.rawValue), \(what), not \(shown(v))")
    }

    private static func check(_ v: LuaValue, _ rule: Rule, _ name: String) throws {
        switch rule {
        case .oneOf(let allowed):
            if let s = v.text, !allowed.contains(s) { throw fail(name, "must be one of \(allowed.joined(separator: ", ")), not \"\(s)\"") }
        case .range(let r):
            if let i = v.integerValue, !r.contains(i) { throw fail(name, "must be between \(r.lowerBound) and \(r.upperBound), not \(i)") }
        case .atLeast(let least, let unit):
            if let i = v.integerValue, i < least { throw fail(name, "must be at least \(least) \(unit), not \(i)") }
        case .bitmasks:
            let masks = (v.text ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            if !masks.allSatisfy({ $0.map { (1 ... 31).contains($0) } ?? false }) {
                throw fail(name, "must be a comma separated list of guest presenter types, each 1 to 31 (a sum of 1, 2, 4, 8, 16), not \(shown(v))")
            }
        }
    }

    private static func fail(_ field: String, _ rule: String) -> PlatformInputError {
        PlatformInputError(field: "event_data.\(field)", rule: rule)
    }

    private static func shown(_ v: LuaValue) -> String {
        switch v {
        case .string(let s): "\"\(s.description)\""
        case .boolean(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .null: "null"
        case .nil: "nil"
        case .table: "a table"
        }
    }

    private static func always(_ need: Need) -> @Sendable (Event) -> Need { { _ in need } }

    /// `need` for events of this acquisition type (or of one not known); ignored for the others.
    private static func when(acquisition: Int64, _ need: Need) -> @Sendable (Event) -> Need {
        { e in e.live == false || e.acquisition.map { $0 != acquisition } ?? false ? .ignored : need }
    }
}
