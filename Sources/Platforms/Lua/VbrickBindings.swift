import LuaHost

/// `require "showcall.vbrick"`: `vbrick.event(id)`, a Rev scheduled event (webcast).
final class VbrickEvent: LuaObject {
    let id: String
    let context: PlatformContext
    let broadcast: VbrickBroadcast
    let record: VbrickRecord

    init(id: String, context: PlatformContext) {
        self.id = id
        self.context = context
        broadcast = VbrickBroadcast(id: id, context: context)
        record = VbrickRecord(id: id, context: context)
    }

    static func client(_ d: PlatformDirectory) throws -> VbrickClient { try d.vbrick() }

    static var luaTypeName: String { "vbrick.event" }
    static func describe(_ type: LuaTypeBuilder<VbrickEvent>) {
        type.property("id", doc: "The webcast's GUID.", type: "string", get: { $0.id })
        type.property("broadcast", doc: "The event's broadcast: start() and stop().", type: .object(VbrickBroadcast.self), get: { $0.broadcast })
        type.property("record", doc: "The event's recording: start() and stop() (only with auto recording off).", type: .object(VbrickRecord.self), get: { $0.record })
        type.method("start", doc: "Starts the webcast, or its pre-production. PUT .../start",
                    params: [.options("pre_production?: boolean")], returns: ["boolean"]) { e, call in
            let o = try CallOptions(call, 2, known: ["pre_production"])
            let pre = try o.bool("pre_production") ?? false
            return try e.context.verb(call, o, client: client) { [id = e.id] c, timeout in
                try await c.start(id, preProduction: pre, timeout: timeout); return done
            }
        }
        type.method("stop", doc: "Ends the webcast, or its pre-production (then Scheduled or Completed: Rev does not document which; the simulator goes back to Scheduled). DELETE .../start",
                    params: [.options("pre_production?: boolean")], returns: ["boolean"]) { e, call in
            let o = try CallOptions(call, 2, known: ["pre_production"])
            let pre = try o.bool("pre_production") ?? false
            return try e.context.verb(call, o, client: client) { [id = e.id] c, timeout in
                try await c.end(id, preProduction: pre, timeout: timeout); return done
            }
        }
        type.method("status", doc: "{status=, isPreProduction=, eventTitle=, ...} from GET .../status",
                    params: [.options()], returns: [.shape(statusShape)]) { e, call in try e.context.status(call, e) }
        type.method("details", doc: "The event's details, GET /api/v2/scheduled-events/{id}", params: [.options()], returns: [.shape(detailsShape)]) { e, call in
            try e.context.verb(call, client: client) { [id = e.id] c, timeout in try await c.details(id, timeout: timeout) }
        }
        type.tostring { "vbrick event \($0.id)" }
        type.equals { $0.id == $1.id }
    }
}

final class VbrickBroadcast: LuaObject {
    let id: String
    let context: PlatformContext
    init(id: String, context: PlatformContext) { self.id = id; self.context = context }

    static var luaTypeName: String { "vbrick.broadcast" }
    static func describe(_ type: LuaTypeBuilder<VbrickBroadcast>) {
        type.method("start", doc: "Starts broadcasting the started webcast. PUT .../broadcast", params: [.options()], returns: ["boolean"]) { b, call in
            try b.context.verb(call, client: VbrickEvent.client) { [id = b.id] c, timeout in try await c.startBroadcast(id, timeout: timeout); return done }
        }
        type.method("stop", doc: "Stops broadcasting. DELETE .../broadcast", params: [.options()], returns: ["boolean"]) { b, call in
            try b.context.verb(call, client: VbrickEvent.client) { [id = b.id] c, timeout in try await c.stopBroadcast(id, timeout: timeout); return done }
        }
        type.tostring { "vbrick event \($0.id) broadcast" }
    }
}

final class VbrickRecord: LuaObject {
    let id: String
    let context: PlatformContext
    init(id: String, context: PlatformContext) { self.id = id; self.context = context }

    static var luaTypeName: String { "vbrick.record" }
    static func describe(_ type: LuaTypeBuilder<VbrickRecord>) {
        type.method("start", doc: "Starts recording the broadcast (auto recording must be off). PUT .../record",
                    params: [.options()], returns: ["boolean"]) { r, call in
            try r.context.verb(call, client: VbrickEvent.client) { [id = r.id] c, timeout in try await c.startRecording(id, timeout: timeout); return done }
        }
        type.method("stop", doc: "Stops recording. DELETE .../record", params: [.options()], returns: ["boolean"]) { r, call in
            try r.context.verb(call, client: VbrickEvent.client) { [id = r.id] c, timeout in try await c.stopRecording(id, timeout: timeout); return done }
        }
        type.tostring { "vbrick event \($0.id) recording" }
    }
}

/// A webcast, its broadcast and its recording are all read through the event's status.
extension VbrickEvent: WatchedOutput {
    static func statusRead(_ directory: PlatformDirectory, id: String) throws -> StatusRead {
        let c = try client(directory)
        return StatusRead(operation: "vbrick.event:status") { timeout in try await c.status(id, timeout: timeout).raw }
    }

    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { try Self.statusRead(directory, id: id) }
}

extension VbrickBroadcast: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { try VbrickEvent.statusRead(directory, id: id) }
}

extension VbrickRecord: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { try VbrickEvent.statusRead(directory, id: id) }
}

/// The module's functions, what `require "showcall.vbrick"` returns.
extension VbrickPlatform {
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("event", doc: "The Rev scheduled event (webcast) with this GUID; sends no request.",
                              params: [.init("id", "string")], returns: [.object(VbrickEvent.self)]) { call in
                try call.returning(VbrickEvent(id: try call.platformID(1, "vbrick event"), context: context))
            },
        ]
    }
}

/// What `event:status()` and `event:details()` return, as Rev's document names the fields.
extension VbrickEvent {
    /// Rev's event states (GET .../status).
    static let states = (name: "vbrick.event_state", values: ["Scheduled", "Starting", "InProgress", "Broadcasting", "Deleted", "Recording",
                                                            "RecordingStarting", "RecordingStopping", "VideoSourceStarting", "Completed"])

    static let statusShape = LuaShape("vbrick.event_status", doc: "GET /api/v2/scheduled-events/{id}/status", fields: [
        ("status", "vbrick.event_state", "the event's state"),
        ("isPreProduction", "boolean", "in pre-production (only the producers see it)"),
        ("eventTitle", "string", ""), ("startDate", "string", "ISO-8601"), ("endDate", "string", "ISO-8601"),
        ("slideUrl", "string?", ""),
    ], aliases: [states])

    static let detailsShape = LuaShape("vbrick.event_details", doc: "GET /api/v2/scheduled-events/{id}", fields: [
        ("id", "string", ""), ("title", "string", ""), ("startDate", "string", "ISO-8601"), ("endDate", "string", "ISO-8601"),
        ("status", "vbrick.event_state", ""), ("disableAutoRecording", "boolean", ""),
    ])
}
