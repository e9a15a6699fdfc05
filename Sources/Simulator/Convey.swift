import Foundation

/// Convey (webcasts.com) event management (seeds/convey-event-management.txt, platforms.md "Convey").
///
/// Every call is a form POST answered HTTP 200 with the `convey_api` envelope; failures are a
/// `returnCode` other than 1. Choices of ours [I]:
/// - Tokens live 2 hours (the seed example's lifetime); bad credentials answer returnCode 11.
/// - Rate limits are per account and endpoint per minute of the simulator clock; over the limit
///   answers returnCode 61.
/// - A method other than POST answers HTTP 405 with returnCode 0; a body over the size limit,
///   a wrong content type or any invalid field answers returnCode 72.
/// - scheduled_duration below 1 is invalid (72) rather than rounded.
/// - Return code 70 ("remove any insecure tags") answers any form field or event_data string
///   holding a markup tag such as `<script>`.
/// - An update may move the event with folder_id or folder_from_event, as a create places it.
struct ConveyState {
    struct Folder { var id: Int64; var name: String; var parentId: Int64? }
    struct Event { var id: Int64; var folderId: Int64; var data: [String: JSON]; var links: [JSON] }

    static let tokenLifetime: TimeInterval = 2 * 3600
    static let limits: [String: Int] = ["event/create": 100, "event/update": 100, "event/status": 500, "folder/tree": 60]
    static let timezones: Set<String> = [
        "US/Hawaii", "US/Alaska", "US/Pacific", "US/Mountain", "US/Central", "US/Eastern", "Europe/London", "CET",
        "EET", "Asia/Dubai", "Asia/Karachi", "Asia/Hong_Kong", "Japan", "Australia/Sydney", "Asia/Kolkata",
        "America/Sao_Paulo", "Pacific/Auckland", "Etc/UTC",
    ]

    var homeFolderId: Int64
    var folders: [Int64: Folder] = [:]
    var folderOrder: [Int64] = []
    var events: [Int64: Event] = [:]
    var nextEventId: Int64 = 2_000_001
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: ConveySeed) {
        homeFolderId = seed.homeFolderId
        for f in seed.folders {
            folders[f.id] = Folder(id: f.id, name: f.name, parentId: f.parentId)
            folderOrder.append(f.id)
        }
        if folders[homeFolderId] == nil {
            folders[homeFolderId] = Folder(id: homeFolderId, name: "API Home", parentId: nil)
            folderOrder.insert(homeFolderId, at: 0)
        }
        for e in seed.events where e.eventId > 0 && e.eventId < Int64.max {
            guard case .success(let data) = Self.validate(e.eventData.objectValue ?? [:], creating: true) else { continue }
            let folder = e.folderId.flatMap { folders[$0] == nil ? nil : $0 } ?? homeFolderId
            events[e.eventId] = Event(id: e.eventId, folderId: folder, data: data, links: Self.links(data, eventId: e.eventId))
            nextEventId = max(nextEventId, e.eventId + 1)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }

    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        let route = req.pathComponents.joined(separator: "/")
        let known = ["api/authenticate", "api/event/create", "api/event/update", "api/event/status", "api/folder/tree"]
        guard known.contains(route) else { return .json(404, Self.envelope(["returnCode": 0, "error": "Unknown API."], now)) }
        guard req.method == "POST" else {
            return .json(405, Self.envelope(["returnCode": 0, "error": "All requests must be HTTP POST requests."], now),
                         contentType: Self.contentType).adding("Allow", "POST")
        }
        guard req.mediaType == "application/x-www-form-urlencoded", let form = req.form else {
            return fail(72, now)
        }
        let endpoint = String(route.dropFirst(4))
        if endpoint == "authenticate" {
            guard form["username"] == creds.conveyUsername, form["password"] == creds.conveyPassword else { return fail(11, now) }
            let token = Token.make("convey-", length: 96)
            let expiry = now.addingTimeInterval(Self.tokenLifetime)
            tokens[token] = expiry
            return ok(["authenticationData": ["token": .string(token), "token_expiration": .int(expiry.epochMilliseconds)]], now)
        }
        guard let token = form["token"], let expiry = tokens[token], expiry > now else { return fail(12, now) }
        if form.values.contains(where: Self.hasTag) { return fail(70, now) }
        if let limit = Self.limits[endpoint],
           limiter.take("\(creds.conveyUsername) \(endpoint)", limit: limit, per: 60, now: now) != nil {
            return fail(61, now)
        }
        switch endpoint {
        case "event/create": return create(form, now: now)
        case "event/update": return update(form, now: now)
        case "event/status":
            guard let id = form["event_id"].flatMap({ Int64($0) }), let e = events[id] else { return fail(72, now) }
            return ok(["event_data": eventData(e, links: false)], now)
        default:
            let root: Int64
            if let raw = form["folder_id"] {
                guard let id = Int64(raw), folders[id] != nil else { return fail(72, now) }
                root = id
            } else {
                root = homeFolderId
            }
            return ok(["folder_tree": tree(root)], now)
        }
    }

    private mutating func create(_ form: [String: String], now: Date) -> SimResponse {
        guard let input = form["event_data"].flatMap({ JSON.parse(Array($0.utf8)) })?.objectValue else { return fail(72, now) }
        guard case .success(let data) = Self.validate(input, creating: true),
              case .success(let chosen) = folder(input) else { return fail(72, now) }
        let folder = chosen ?? homeFolderId
        let id = nextEventId
        nextEventId += 1
        let event = Event(id: id, folderId: folder, data: data, links: Self.links(data, eventId: id))
        events[id] = event
        return ok(["event_data": eventData(event, links: true)], now)
    }

    private mutating func update(_ form: [String: String], now: Date) -> SimResponse {
        guard let input = form["event_data"].flatMap({ JSON.parse(Array($0.utf8)) })?.objectValue,
              let id = input["event_id"].flatMap(Self.integer), var event = events[id] else { return fail(72, now) }
        // The update carries only what changes; the rules apply to the event as it would become.
        var merged = event.data
        for (k, v) in input where k != "event_id" && k != "folder_id" && k != "folder_from_event" { merged[k] = v }
        guard case .success(let data) = Self.validate(merged, creating: false),
              case .success(let moved) = folder(input) else { return fail(72, now) }
        event.data = data
        if let moved { event.folderId = moved }
        if input["guest_presenter_types"] != nil { event.links = Self.links(data, eventId: id) }
        events[id] = event
        return ok(["event_data": eventData(event, links: true)], now)
    }

    /// "folder_id ... folder_from_event ... Will be ignored if folder_id is passed": nil when neither is given.
    private func folder(_ input: [String: JSON]) -> Result<Int64?, ConveyInvalid> {
        if let raw = input["folder_id"] {
            guard let id = Self.integer(raw), folders[id] != nil else { return .failure(.init()) }
            return .success(id)
        }
        if let raw = input["folder_from_event"] {
            guard let id = Self.integer(raw), let source = events[id] else { return .failure(.init()) }
            return .success(source.folderId)
        }
        return .success(nil)
    }

    /// A markup tag: `<` then a letter, `/` or `!` (so "a < b" is not one).
    static func hasTag(_ s: String) -> Bool {
        var previousWasOpen = false
        for c in s.unicodeScalars {
            if previousWasOpen, CharacterSet.letters.contains(c) || c == "/" || c == "!" { return true }
            previousWasOpen = c == "<"
        }
        return false
    }

    // MARK: validation (seed "Event Data Properties")

    /// Applies the documented rules; returns the normalized event data or failure (returnCode 72).
    static func validate(_ d: [String: JSON], creating: Bool) -> Result<[String: JSON], ConveyInvalid> {
        var out: [String: JSON] = [:]
        // "1000 character limit, if a longer value is sent, it will truncated."
        guard let title = d["event_title"]?.stringValue else { return .failure(.init()) }
        out["event_title"] = .string(String(title.prefix(1000)))
        guard let type = d["type"]?.stringValue, type == "live" || type == "ondemand" else { return .failure(.init()) }
        out["type"] = .string(type)
        // "Time component must be on a 15 minute mark, otherwise the value will be rounded up."
        // Bounded to year 9999 so the rounding below cannot overflow.
        guard let start = d["scheduled_start_time"].flatMap(integer), (0...253_402_300_799_999).contains(start) else { return .failure(.init()) }
        let mark: Int64 = 15 * 60 * 1000
        out["scheduled_start_time"] = .int((start + mark - 1) / mark * mark)
        // "Must be a multiple of 30 between 30 and 480 ... round up to the next 30 minute mark and
        // anything greater than 480 will be set to 480."
        guard let duration = d["scheduled_duration"].flatMap(integer), duration >= 1 else { return .failure(.init()) }
        out["scheduled_duration"] = .int((min(480, duration) + 29) / 30 * 30)
        // "Invalid values will set time zone to UTC."
        guard let tz = d["timezone"] else { return .failure(.init()) }
        out["timezone"] = .string(tz.stringValue.flatMap { timezones.contains($0) ? $0 : nil } ?? "Etc/UTC")
        guard let capacity = d["audience_capacity"].flatMap(integer), (50...10_000).contains(capacity) else { return .failure(.init()) }
        out["audience_capacity"] = .int(capacity)
        guard let months = d["event_expiration_months"].flatMap(integer), (3...12).contains(months) else { return .failure(.init()) }
        out["event_expiration_months"] = .int(months)

        if type == "live" {
            guard let acq = d["acquisition_type"].flatMap(integer), (0...4).contains(acq) else { return .failure(.init()) }
            out["acquisition_type"] = .int(acq)
            // Region: "live events set to Telephony or Video Bridge acquisition types also ignore this value".
            if acq != 3 && acq != 4 {
                guard let region = d["region"].flatMap(integer), (1...5).contains(region) else { return .failure(.init()) }
                out["region"] = .int(region)
            }
            switch acq {
            case 1:
                guard let address = d["vcu_address"]?.stringValue, !address.isEmpty,
                      let conn = d["vcu_connection_type"]?.stringValue, conn == "H.323" || conn == "SIP" else { return .failure(.init()) }
                out["vcu_address"] = .string(address)
                out["vcu_connection_type"] = .string(conn)
            case 3:
                guard let t = d["telephony_type"]?.stringValue, t == "directdial" || t == "bridge" else { return .failure(.init()) }
                out["telephony_type"] = .string(t)
            case 4:
                guard let t = d["video_bridge_type"]?.stringValue, t == "standard" || t == "advanced" else { return .failure(.init()) }
                out["video_bridge_type"] = .string(t)
            default: break
            }
        } else {
            guard let media = d["media_type"]?.stringValue, media == "video" || media == "audio" else { return .failure(.init()) }
            out["media_type"] = .string(media)
        }
        if let cost = d["cost_center"] {
            guard let s = cost.stringValue else { return .failure(.init()) }
            out["cost_center"] = .string(s)
        }
        if let types = d["guest_presenter_types"] {
            guard let s = types.stringValue, let masks = guestPresenterMasks(s) else { return .failure(.init()) }
            out["guest_presenter_types"] = .string(masks.map(String.init).joined(separator: ","))
        }
        if let close = d["scheduled_player_close_time"] {
            guard let t = integer(close), t >= 0 else { return .failure(.init()) }
            out["scheduled_player_close_time"] = .int(t)
        }
        return .success(out)
    }

    struct ConveyInvalid: Error {}

    /// "Comma separated list of integers. Each value is a bitmask" of 1, 2, 4, 8 and 16.
    static func guestPresenterMasks(_ s: String) -> [Int]? {
        let values = s.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard !values.isEmpty, values.allSatisfy({ $0.map { (1...31).contains($0) } ?? false }) else { return nil }
        return values.map { $0! }
    }

    /// Integer and Long fields: JSON integers, or strings of digits as in the update example's event_id.
    static func integer(_ v: JSON) -> Int64? {
        if let i = v.intValue { return i }
        if let s = v.stringValue { return Int64(s) }
        return nil
    }

    static func links(_ data: [String: JSON], eventId: Int64) -> [JSON] {
        guard let masks = data["guest_presenter_types"]?.stringValue.flatMap(guestPresenterMasks) else { return [] }
        return masks.map { mask in
            ["guest_presenter_type": .int(Int64(mask)), "pin": .string(Token.make(length: 6).uppercased()),
             "link": .string("https://sim.webcasts.com/presenter/\(eventId)/\(mask)")]
        }
    }

    // MARK: answers

    private func eventData(_ e: Event, links: Bool) -> JSON {
        var out: [String: JSON] = [
            "event_id": .int(e.id), "event_title": e.data["event_title"] ?? "",
            "scheduled_start_time": e.data["scheduled_start_time"] ?? 0,
            "scheduled_duration": e.data["scheduled_duration"] ?? 30,
            "audience_capacity": e.data["audience_capacity"] ?? 50,
            "folder_name": .string(folders[e.folderId]?.name ?? ""),
            "viewer_link": .string("https://sim.webcasts.com/viewer/\(e.id)"),
            "scheduled_player_close_time": e.data["scheduled_player_close_time"] ?? 0,
            "timezone": e.data["timezone"] ?? "Etc/UTC",
        ]
        if links, !e.links.isEmpty { out["guest_presenter_links"] = .array(e.links) }
        return .object(out)
    }

    /// Seed note: no `children` key without subfolders, an object for exactly one, an array for several.
    /// `visited` stops a seeded parent cycle from recursing forever.
    private func tree(_ id: Int64, visited: Set<Int64> = []) -> JSON {
        var node: [String: JSON] = ["folder_id": .string(String(id)), "folder_name": .string(folders[id]?.name ?? "")]
        let seen = visited.union([id])
        let children = folderOrder.filter { folders[$0]?.parentId == id && !seen.contains($0) }
        if children.count == 1 { node["children"] = tree(children[0], visited: seen) }
        if children.count > 1 { node["children"] = .array(children.map { tree($0, visited: seen) }) }
        return .object(node)
    }

    static let contentType = "application/json;charset=utf-8"
    static let messages: [Int64: String] = [
        0: "General Error", 70: "Oops!! Please remove any insecure tags from the input parameters and try again.", 11: "The User ID or Session ID is invalid.", 12: "The Token is invalid or expired.",
        61: "You have reached the limit on the number of calls you can run for an event. Please try again later.",
        72: "There were missing or invalid input parameters in your request.",
    ]

    static func envelope(_ result: [String: JSON], _ now: Date) -> JSON {
        ["convey_api": ["result": .object(result), "current_timestamp": .int(now.epochMilliseconds), "version": 3]]
    }

    private func ok(_ result: [String: JSON], _ now: Date) -> SimResponse {
        var r = result
        r["returnCode"] = 1
        return .json(200, Self.envelope(r, now), contentType: Self.contentType)
    }

    func fail(_ code: Int64, _ now: Date) -> SimResponse {
        .json(200, Self.envelope(["returnCode": .int(code), "error": .string(Self.messages[code] ?? "Error")], now),
              contentType: Self.contentType)
    }

    var snapshot: JSON {
        ["homeFolderId": .int(homeFolderId),
         "folders": .array(folderOrder.compactMap { folders[$0] }.map {
             ["id": .int($0.id), "name": .string($0.name), "parentId": $0.parentId.map { .int($0) } ?? .null]
         }),
         "events": .array(events.keys.sorted().map { id in
             let e = events[id]!
             return ["event_id": .int(id), "folder_id": .int(e.folderId), "event_data": .object(e.data)]
         })]
    }

    var violations: [String] {
        events.values.flatMap { e -> [String] in
            var v: [String] = []
            if folders[e.folderId] == nil { v.append("convey \(e.id): folder missing") }
            let d = e.data["scheduled_duration"]?.intValue ?? 0
            if d < 30 || d > 480 || d % 30 != 0 { v.append("convey \(e.id): duration \(d)") }
            if (e.data["scheduled_start_time"]?.intValue ?? 1) % 900_000 != 0 { v.append("convey \(e.id): start not on 15-minute mark") }
            let c = e.data["audience_capacity"]?.intValue ?? 0
            if c < 50 || c > 10_000 { v.append("convey \(e.id): capacity \(c)") }
            if (e.data["event_title"]?.stringValue?.count ?? 0) > 1000 { v.append("convey \(e.id): title too long") }
            return v
        }
    }
}

extension ConveyState: SimulatedPlatform {
    static let platform = Platform.convey
    init(seed: SimulatorSeed, now: Date) { self.init(seed: seed.convey) }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }
    var snapshotEntry: JSON { snapshot }
    static func tooLarge(now: Date) -> SimResponse {
        .json(200, envelope(["returnCode": 72, "error": .string("The request body is too large.")], now), contentType: contentType)
    }
}
