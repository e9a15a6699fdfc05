import Foundation

/// Convey (webcasts.com) event management (seeds/convey-event-management.txt, platforms.md "Convey").
///
/// Choices of ours [I]:
/// - Tokens live 2 hours (the seed example's lifetime); bad credentials answer returnCode 11.
/// - Rate limits are per account and endpoint per minute of the simulator clock; over the limit
///   answers returnCode 61.
/// - A method other than POST answers HTTP 405 with returnCode 0; a body over the size limit,
///   a wrong content type or any invalid field answers returnCode 72.
/// - Return code 70 ("remove any insecure tags") answers any form field or event_data string
///   holding a markup tag such as `<script>`.
/// - An update may move the event with folder_id or folder_from_event, as a create places it.
/// - Return code 2 (Partial Success): the event is saved but a guest presenter portal type the
///   account may not create (`ConveySeed.guestPresenterTypes`) is left out; `error` says which.
struct ConveyState {
    struct Folder { var id: Int64; var name: String; var parentId: Int64? }
    struct Event { var id: Int64; var folderId: Int64; var data: [String: JSON]; var links: [JSON] }

    /// An event saved, and what the account could not create for it.
    struct Saved {
        var event: Event
        var partial: String? = nil
    }

    static let tokenLifetime: TimeInterval = 2 * 3600
    let credentials: SimulatorCredentials
    var homeFolderId: Int64
    var guestPresenterTypes: Int64
    var folders: [Int64: Folder] = [:]
    var folderOrder: [Int64] = []
    var events: [Int64: Event] = [:]
    var nextEventId: Int64 = 2_000_001
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: ConveySeed, credentials: SimulatorCredentials, now: Date) {
        self.credentials = credentials
        homeFolderId = seed.homeFolderId
        guestPresenterTypes = seed.guestPresenterTypes
        for f in seed.folders {
            folders[f.id] = Folder(id: f.id, name: f.name, parentId: f.parentId)
            folderOrder.append(f.id)
        }
        if folders[homeFolderId] == nil {
            folders[homeFolderId] = Folder(id: homeFolderId, name: "API Home", parentId: nil)
            folderOrder.insert(homeFolderId, at: 0)
        }
        for e in seed.events where e.eventId > 0 && e.eventId < Int64.max {
            guard let data = try? ConveyEventRules.apply(e.eventData.objectValue ?? [:]) else { continue }
            let folder = e.folderId.flatMap { folders[$0] == nil ? nil : $0 } ?? homeFolderId
            events[e.eventId] = saved(Event(id: e.eventId, folderId: folder, data: data, links: [])).event
            nextEventId = max(nextEventId, e.eventId + 1)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }

    // MARK: events

    mutating func create(_ input: [String: JSON]) throws(ConveyEventRules.Invalid) -> Saved {
        let data = try ConveyEventRules.apply(input)
        let folder = try folder(input) ?? homeFolderId
        let id = nextEventId
        nextEventId += 1
        let result = saved(Event(id: id, folderId: folder, data: data, links: []))
        events[id] = result.event
        return result
    }

    /// The update carries only what changes; the rules apply to the event as it would become.
    mutating func update(_ input: [String: JSON]) throws(ConveyEventRules.Invalid) -> Saved {
        guard let id = input["event_id"].flatMap(ConveyEventRules.integer), var event = events[id] else { throw .init() }
        var merged = event.data
        for (k, v) in input where !["event_id", "folder_id", "folder_from_event"].contains(k) { merged[k] = v }
        let data = try ConveyEventRules.apply(merged)
        let moved = try folder(input)
        event.data = data
        if let moved { event.folderId = moved }
        guard input["guest_presenter_types"] != nil else {
            events[id] = event
            return Saved(event: event)
        }
        let result = saved(event)
        events[id] = result.event
        return result
    }

    /// "folder_id ... folder_from_event ... Will be ignored if folder_id is passed": nil when neither is given.
    private func folder(_ input: [String: JSON]) throws(ConveyEventRules.Invalid) -> Int64? {
        if let raw = input["folder_id"] {
            guard let id = ConveyEventRules.integer(raw), folders[id] != nil else { throw .init() }
            return id
        }
        if let raw = input["folder_from_event"] {
            guard let id = ConveyEventRules.integer(raw), let source = events[id] else { throw .init() }
            return source.folderId
        }
        return nil
    }

    /// The event with a guest presenter portal for each type it asks for that the account may
    /// create; the others are left out of it and named in the partial success's message.
    private func saved(_ e: Event) -> Saved {
        var event = e
        let masks = event.data["guest_presenter_types"]?.stringValue.flatMap(ConveyEventRules.guestPresenterMasks) ?? []
        let allowed = masks.filter { $0 & ~guestPresenterTypes == 0 }
        event.links = allowed.map { mask in
            ["guest_presenter_type": .int(mask), "pin": .string(Token.make(length: 6).uppercased()),
             "link": .string("https://sim.webcasts.com/presenter/\(event.id)/\(mask)")]
        }
        let refused = masks.filter { !allowed.contains($0) }
        guard !refused.isEmpty else { return Saved(event: event) }
        if allowed.isEmpty {
            event.data.removeValue(forKey: "guest_presenter_types")
        } else {
            event.data["guest_presenter_types"] = .string(allowed.map(String.init).joined(separator: ","))
        }
        let types = refused.map(String.init).joined(separator: ", ")
        return Saved(event: event, partial: "Partial Success: guest presenter portal type \(types) is not enabled for this account; the event was saved without it.")
    }

    /// The event as create, update and status answer it.
    func eventData(_ e: Event, links: Bool) -> JSON {
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

    // MARK: folders

    /// Seed note: no `children` key without subfolders, an object for exactly one, an array for several.
    /// `visited` stops a seeded parent cycle from recursing forever.
    func tree(_ id: Int64, visited: Set<Int64> = []) -> JSON {
        var node: [String: JSON] = ["folder_id": .string(String(id)), "folder_name": .string(folders[id]?.name ?? "")]
        let seen = visited.union([id])
        let children = folderOrder.filter { folders[$0]?.parentId == id && !seen.contains($0) }
        if children.count == 1 { node["children"] = tree(children[0], visited: seen) }
        if children.count > 1 { node["children"] = .array(children.map { tree($0, visited: seen) }) }
        return .object(node)
    }

    // MARK: state

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
