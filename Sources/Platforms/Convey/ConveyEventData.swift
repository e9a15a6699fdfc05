import LuaHost
import ShowEngine

/// The seed's `event_data` rules that make a request invalid (rather than rounded), checked
/// before sending so the operator reads which field broke which rule instead of Convey's
/// bare returnCode 72. Values the platform rounds or defaults (start time to the next
/// quarter hour, duration to the next half hour, an unknown time zone to UTC) pass through.
enum ConveyEventData {
    static let known: Set<String> = [
        "event_title", "type", "scheduled_start_time", "scheduled_duration", "timezone", "region", "acquisition_type",
        "vcu_address", "vcu_connection_type", "telephony_type", "video_bridge_type", "media_type", "audience_capacity",
        "event_expiration_months", "event_id", "folder_id", "folder_from_event", "cost_center", "guest_presenter_types",
        "scheduled_player_close_time",
    ]

    static func validate(_ d: [String: LuaValue], creating: Bool) throws {
        for key in d.keys.sorted() where !known.contains(key) {
            throw PlatformInputError(field: "event_data.\(key)", rule: "is not a Convey event field (known: \(known.sorted().joined(separator: ", ")))")
        }
        func fail(_ field: String, _ rule: String) -> PlatformInputError { PlatformInputError(field: "event_data.\(field)", rule: rule) }
        func integer(_ field: String) throws -> Int64? {
            guard let v = d[field] else { return nil }
            guard let i = v.integerValue else { throw fail(field, "must be an integer") }
            return i
        }
        func text(_ field: String, _ allowed: [String]? = nil) throws -> String? {
            guard let v = d[field] else { return nil }
            guard let s = v.text else { throw fail(field, "must be a string") }
            if let allowed, !allowed.contains(s) { throw fail(field, "must be one of \(allowed.joined(separator: ", ")), not \"\(s)\"") }
            return s
        }
        let type = try text("type", ["live", "ondemand"])
        _ = try text("event_title")
        _ = try text("timezone")
        _ = try integer("scheduled_start_time")
        if let duration = try integer("scheduled_duration"), duration < 1 { throw fail("scheduled_duration", "must be at least 1 minute") }
        if let capacity = try integer("audience_capacity"), !(50 ... 10_000).contains(capacity) {
            throw fail("audience_capacity", "must be between 50 and 10000, not \(capacity)")
        }
        if let months = try integer("event_expiration_months"), !(3 ... 12).contains(months) {
            throw fail("event_expiration_months", "must be between 3 and 12, not \(months)")
        }
        if let region = try integer("region"), !(1 ... 5).contains(region) { throw fail("region", "must be 1 to 5 (see the region table), not \(region)") }
        let acquisition = try integer("acquisition_type")
        if let acquisition, !(0 ... 4).contains(acquisition) { throw fail("acquisition_type", "must be 0 to 4 (see the acquisition table)") }
        _ = try text("vcu_connection_type", ["H.323", "SIP"])
        _ = try text("telephony_type", ["directdial", "bridge"])
        _ = try text("video_bridge_type", ["standard", "advanced"])
        _ = try text("media_type", ["video", "audio"])
        guard creating else { return }
        var required = ["event_title", "type", "scheduled_start_time", "scheduled_duration", "timezone", "audience_capacity", "event_expiration_months"]
        if type == "live" {
            required.append("acquisition_type")
            // The seed: telephone and video bridge events ignore the region.
            if acquisition != 3 && acquisition != 4 { required.append("region") }
            switch acquisition {
            case 1: required += ["vcu_address", "vcu_connection_type"]
            case 3: required += ["telephony_type"]
            case 4: required += ["video_bridge_type"]
            default: break
            }
        } else if type == "ondemand" {
            required.append("media_type")
        }
        for field in required where d[field] == nil { throw fail(field, "is required to create an event") }
    }
}
