import Foundation

/// The seed's "Event Data Properties" tables as the simulated platform applies them to the
/// `event_data` of a create, or of an update merged into the event it changes: each property's
/// type (String, Integer, Long), when it is required, optional or ignored, and its value rule
/// with the platform's rounding. Anything else answers returnCode 72.
///
/// Where the document contradicts itself we follow its example and its "ignored" rule: the
/// example creates a Telephone event with `"region":0` and no `telephony_type`, so a Telephone
/// or Video Bridge event ignores the region (as the region's row says) and a Telephone event
/// may leave `telephony_type` out, although its row says "Required if Telephone is selected".
enum ConveyEventRules {
    /// The document's types. A value of another JSON type is taken only where that is exact: a
    /// string of digits for an Integer or a Long (the update example sends its id as a string).
    enum Kind {
        case string, integer, long
    }

    enum Need {
        case required, optional, ignored
    }

    /// What decides whether a property applies: the event's type and acquisition type.
    struct Event {
        var live: Bool
        var acquisition: Int64?
    }

    struct Property: Sendable {
        let name: String
        let kind: Kind
        let need: @Sendable (Event) -> Need
        /// The value as the platform keeps it, or `.none` when it breaks the property's rule
        /// (`nil` would read as JSON's null, which is a value).
        let rule: @Sendable (JSON) -> JSON?
    }

    static let properties: [Property] = [
        // "1000 character limit, if a longer value is sent, it will truncated."
        Property(name: "event_title", kind: .string, need: always(.required)) { .string(String($0.stringValue!.prefix(1000))) },
        Property(name: "type", kind: .string, need: always(.required), rule: oneOf("live", "ondemand")),
        // "Time component must be on a 15 minute mark, otherwise the value will be rounded up."
        // Bounded to year 9999 [I] so the rounding cannot overflow.
        Property(name: "scheduled_start_time", kind: .long, need: always(.required)) { v in
            let mark: Int64 = 15 * 60 * 1000
            guard let t = v.intValue, (0 ... 253_402_300_799_999).contains(t) else { return .none }
            return .int((t + mark - 1) / mark * mark)
        },
        // "Must be a multiple of 30 between 30 and 480 ... round up to the next 30 minute mark and
        // anything greater than 480 will be set to 480." Below 1 is invalid rather than rounded [I].
        Property(name: "scheduled_duration", kind: .integer, need: always(.required)) { v in
            guard let minutes = v.intValue, minutes >= 1 else { return .none }
            return .int((min(480, minutes) + 29) / 30 * 30)
        },
        // "Invalid values will set time zone to UTC."
        Property(name: "timezone", kind: .string, need: always(.required)) { .string(timezones.contains($0.stringValue!) ? $0.stringValue! : "Etc/UTC") },
        // "Ignored, and not required, if type is set to "ondemand". Currently live events set to
        // Telephony or Video Bridge acquisition types also ignore this value."
        Property(name: "region", kind: .integer, need: { e in e.live && e.acquisition != 3 && e.acquisition != 4 ? .required : .ignored },
                 rule: range(1 ... 5)),
        Property(name: "acquisition_type", kind: .integer, need: { $0.live ? .required : .ignored }, rule: range(0 ... 4)),
        // "Required if VCU/Telepresence is selected as acquisition type, ignored otherwise."
        Property(name: "vcu_address", kind: .string, need: when(acquisition: 1, .required)) { $0.stringValue!.isEmpty ? .none : .some($0) },
        Property(name: "vcu_connection_type", kind: .string, need: when(acquisition: 1, .required), rule: oneOf("H.323", "SIP")),
        // Optional, not required, for a Telephone event: the document's own example leaves it out.
        Property(name: "telephony_type", kind: .string, need: when(acquisition: 3, .optional), rule: oneOf("directdial", "bridge")),
        Property(name: "video_bridge_type", kind: .string, need: when(acquisition: 4, .required), rule: oneOf("standard", "advanced")),
        Property(name: "media_type", kind: .string, need: { $0.live ? .ignored : .required }, rule: oneOf("video", "audio")),
        Property(name: "audience_capacity", kind: .integer, need: always(.required), rule: range(50 ... 10_000)),
        Property(name: "event_expiration_months", kind: .integer, need: always(.required), rule: range(3 ... 12)),
        // "Required for the Event Update request", which reads it before these rules.
        Property(name: "event_id", kind: .string, need: always(.ignored)) { $0 },
        // The folder options are read by create and update (ConveyState.folder) before these rules.
        Property(name: "folder_id", kind: .integer, need: always(.ignored)) { $0 },
        Property(name: "folder_from_event", kind: .integer, need: always(.ignored)) { $0 },
        Property(name: "cost_center", kind: .string, need: always(.optional)) { $0 },
        Property(name: "guest_presenter_types", kind: .string, need: always(.optional)) { v in
            guestPresenterMasks(v.stringValue!).map { .string($0.map(String.init).joined(separator: ",")) }
        },
        // "Timestamp representing a scheduled time to close the player"; not before 1970 [I].
        Property(name: "scheduled_player_close_time", kind: .long, need: always(.optional)) { v in
            guard let t = v.intValue, t >= 0 else { return .none }
            return .int(t)
        },
    ]

    static let timezones: Set<String> = [
        "US/Hawaii", "US/Alaska", "US/Pacific", "US/Mountain", "US/Central", "US/Eastern", "Europe/London", "CET",
        "EET", "Asia/Dubai", "Asia/Karachi", "Asia/Hong_Kong", "Japan", "Australia/Sydney", "Asia/Kolkata",
        "America/Sao_Paulo", "Pacific/Auckland", "Etc/UTC",
    ]

    struct Invalid: Error {}

    /// The event data as the platform keeps it: every property of its type, the required ones
    /// present, the ignored ones dropped, the rest within their rules (rounded where the
    /// document rounds).
    static func apply(_ d: [String: JSON]) throws(Invalid) -> [String: JSON] {
        var typed: [String: JSON] = [:]
        for (name, value) in d {
            guard let property = properties.first(where: { $0.name == name }), let v = typedValue(value, property.kind) else { throw Invalid() }
            typed[name] = v
        }
        let live = typed["type"]?.stringValue == "live"
        let event = Event(live: live, acquisition: live ? typed["acquisition_type"]?.intValue : nil)
        var out: [String: JSON] = [:]
        for p in properties {
            let need = p.need(event)
            guard let value = typed[p.name] else {
                if need == .required { throw Invalid() }
                continue
            }
            guard need != .ignored else { continue }
            guard let kept = p.rule(value) else { throw Invalid() }
            out[p.name] = kept
        }
        return out
    }

    /// The value in the property's type, or nil when it is of another (a string of digits is an exact Integer or Long).
    static func typedValue(_ v: JSON, _ kind: Kind) -> JSON? {
        switch kind {
        case .string: return v.stringValue.map(JSON.string)
        // The document gives no width for either; both are 64 bits here [I].
        case .integer, .long: return integer(v).map(JSON.int)
        }
    }

    /// A JSON integer, or a string of digits as in the update example's event_id.
    static func integer(_ v: JSON) -> Int64? {
        if let i = v.intValue { return i }
        if let s = v.stringValue { return Int64(s) }
        return nil
    }

    /// "Comma separated list of integers. Each value is a bitmask" of 1, 2, 4, 8 and 16.
    static func guestPresenterMasks(_ s: String) -> [Int64]? {
        let values = s.split(separator: ",", omittingEmptySubsequences: false).map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { (1 ... 31).contains($0) } ?? false }) else { return nil }
        return values.map { $0! }
    }

    private static func always(_ need: Need) -> @Sendable (Event) -> Need { { _ in need } }

    /// `need` for events of this acquisition type; ignored for the others.
    private static func when(acquisition: Int64, _ need: Need) -> @Sendable (Event) -> Need {
        { $0.live && $0.acquisition == acquisition ? need : .ignored }
    }

    private static func oneOf(_ allowed: String...) -> @Sendable (JSON) -> JSON? {
        { v in allowed.contains(v.stringValue!) ? .some(v) : .none }
    }

    private static func range(_ r: ClosedRange<Int64>) -> @Sendable (JSON) -> JSON? {
        { v in
            guard let i = v.intValue, r.contains(i) else { return .none }
            return .int(i)
        }
    }
}
