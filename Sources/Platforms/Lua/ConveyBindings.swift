import LuaHost

/// `require "showcall.convey"`: `convey.event(id)`, `convey.create{...}`, `convey.folders([root])`.
final class ConveyEvent: LuaObject {
    let id: String
    let context: PlatformContext
    /// The `event_data` the platform answered a create with, if this came from `create`.
    let created: LuaValue

    init(id: String, context: PlatformContext, created: LuaValue = .nil) {
        self.id = id
        self.context = context
        self.created = created
    }

    /// The fields `update` passes on (all but `event_id`, which is the event's own).
    static let fields = ConveyEventData.known.subtracting(["event_id"]).sorted()

    static func client(_ d: PlatformDirectory) throws -> ConveyClient { try d.convey() }

    /// The `event_data` Convey answers (the seed's response frameworks), with `partial = true`
    /// and the platform's `message` when it did only part of a create or update (returnCode 2).
    static var eventData: String {
        "{event_id: integer, event_title: string, scheduled_start_time: integer, scheduled_duration: integer, audience_capacity: integer, "
            + "folder_name: string, viewer_link: string, scheduled_player_close_time: integer, timezone?: string, "
            + "guest_presenter_links?: {guest_presenter_type: integer, pin: string, link: string}[], partial?: boolean, message?: string}"
    }

    static var luaTypeName: String { "convey.event" }
    static func describe(_ type: LuaTypeBuilder<ConveyEvent>) {
        type.property("id", doc: "The event's id.", type: "string", get: { $0.id })
        type.property("data", doc: "The event_data answered by create (nil for convey.event(id)); partial = true and message when Convey created only part of it.",
                      type: .named(eventData + "?"), get: { $0.created })
        type.method("status", doc: "The event's event_data, POST /api/event/status", params: [.options()], returns: [.named(eventData)]) { e, call in try e.context.status(call, e) }
        type.method("update", doc: "Changes event_data fields (the seed's event_data properties, each checked against its documented type and rule before sending), POST /api/event/update; partial = true and message in the answer when Convey made only part of the change",
                    params: [.init("fields", "table")], returns: [.named(eventData)]) { e, call in
            let o = try CallOptions(call, 2, known: fields)
            let data = try o.json(fields)
            return try e.context.verb(call, o, client: client) { [id = e.id] c, timeout in try await c.update(id, data, timeout: timeout) }
        }
        type.tostring { "convey event \($0.id)" }
        type.equals { $0.id == $1.id }
    }
}

/// The module's functions, what `require "showcall.convey"` returns.
extension ConveyPlatform {
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("event", doc: "The Convey event with this numeric id; sends no request.",
                              params: [.init("id", "integer|string")], returns: [.object(ConveyEvent.self)]) { call in
                try call.returning(ConveyEvent(id: try call.platformID(1, "convey event", numeric: true), context: context))
            },
            LuaModuleFunction("create", doc: "Creates an event from event_data fields (each checked against its documented type and rule before sending; timeout= bounds the call) and returns it; its data has partial = true and message when Convey created only part of it.",
                              params: [.init("fields", "table")], returns: [.object(ConveyEvent.self)]) { call in
                let o = try CallOptions(call, 1, known: ConveyEvent.fields)
                let data = try o.json(ConveyEvent.fields), timeout = o.timeout
                let client = try context.directory.convey()
                return try context.run(call, {
                    let created = try await client.create(data, timeout: timeout)
                    guard let id = created["event_id"]?.integerValue.map(String.init) ?? created["event_id"]?.text else {
                        throw PlatformError(platform: "convey", operation: "create", message: "the answer carries no event_id")
                    }
                    var result = LuaTable(["id": .string(id), "data": created])
                    // A partial create is reported as one (the backend reads the call's result).
                    if let message = created["message"], created["partial"] == .boolean(true) {
                        result["partial"] = true
                        result["message"] = message
                    }
                    return .table(result)
                }, push: { result, stack in
                    // Plain data until here, so the journal can keep it for a resumed run.
                    guard let id = result.field("id").text else { throw LuaHostError.conversion("convey.create: no event id") }
                    try ConveyEvent(id: id, context: context, created: result.field("data")).push(onto: stack)
                    return 1
                })
            },
            LuaModuleFunction("folders", doc: "The folder tree, {id=, name=, children={...}}, from the root or the given folder.",
                              params: [.init("root", "integer|string?")], returns: [.shape(ConveyEvent.folderShape)]) { call in
                let root = try call.argument(1, as: LuaValue.self) == .nil ? nil : try call.platformID(1, "convey folder", numeric: true)
                return try context.verb(call, client: ConveyEvent.client) { c, timeout in try await c.folderTree(root: root, timeout: timeout) }
            },
        ]
    }
}

extension ConveyEvent: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead {
        let c = try Self.client(directory), id = self.id
        return StatusRead(operation: "convey.event:status") { timeout in try await c.status(id, timeout: timeout) }
    }
}

/// What `convey.folders()` returns: a folder and its children.
extension ConveyEvent {
    static let folderShape = LuaShape("convey.folder", doc: "A folder of the account's tree", fields: [
        ("id", "integer", ""), ("name", "string", ""), ("children", "convey.folder[]", ""),
    ])
}
