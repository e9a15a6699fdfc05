import LuaHost

/// `require "showcall.zoom"`: `zoom.webinar(id)` and its live stream.
final class ZoomWebinar: LuaObject {
    let id: String
    let context: PlatformContext
    let livestream: ZoomLivestream

    init(id: String, context: PlatformContext) {
        self.id = id
        self.context = context
        livestream = ZoomLivestream(webinar: id, context: context)
    }

    static func client(_ d: PlatformDirectory) throws -> ZoomClient { try d.zoom() }

    static var luaTypeName: String { "zoom.webinar" }
    static func describe(_ type: LuaTypeBuilder<ZoomWebinar>) {
        type.property("id", doc: "The webinar's id.", type: "string", get: { $0.id })
        type.property("livestream", doc: "The webinar's live stream: configure{}, start{}, stop(), status().", type: .object(ZoomLivestream.self), get: { $0.livestream })
        type.method("status", doc: "The webinar (topic, status...), GET /v2/webinars/{id}", params: [.options()], returns: [.shape(ZoomWebinar.statusShape)]) { w, call in try w.context.status(call, w) }
        type.tostring { "zoom webinar \($0.id)" }
        type.equals { $0.id == $1.id }
    }
}

final class ZoomLivestream: LuaObject {
    let webinar: String
    let context: PlatformContext
    init(webinar: String, context: PlatformContext) { self.webinar = webinar; self.context = context }

    static let settings = ["active_speaker_name", "display_name"]
    static let configuration = ["stream_url", "stream_key", "page_url", "resolution"]

    static var luaTypeName: String { "zoom.livestream" }
    static func describe(_ type: LuaTypeBuilder<ZoomLivestream>) {
        type.method("start", doc: "Starts the live stream. PATCH .../livestream/status",
                    params: [.options("active_speaker_name?: boolean", "display_name?: string")], returns: ["boolean"]) { l, call in
            let o = try CallOptions(call, 2, known: settings)
            let s = try o.json(settings)
            return try l.context.verb(call, o, client: ZoomWebinar.client) { [id = l.webinar] c, timeout in
                try await c.setStatus(id, start: true, settings: s.isEmpty ? nil : s, timeout: timeout)
                return done
            }
        }
        type.method("stop", doc: "Stops the live stream. PATCH .../livestream/status", params: [.options()], returns: ["boolean"]) { l, call in
            try l.context.verb(call, client: ZoomWebinar.client) { [id = l.webinar] c, timeout in
                try await c.setStatus(id, start: false, timeout: timeout); return done
            }
        }
        type.method("configure", doc: "Sets where it streams. PATCH .../livestream",
                    params: [.options("stream_url?: string", "stream_key?: string", "page_url?: string", "resolution?: string")],
                    returns: ["boolean"]) { l, call in
            let o = try CallOptions(call, 2, known: configuration)
            let settings = try o.json(configuration)
            return try l.context.verb(call, o, client: ZoomWebinar.client) { [id = l.webinar] c, timeout in
                try await c.configure(id, settings, timeout: timeout); return done
            }
        }
        type.method("status", doc: "{stream_url=, page_url=, resolution=} (the key redacted), GET .../livestream", params: [.options()], returns: [.shape(ZoomLivestream.statusShape)]) { l, call in try l.context.status(call, l) }
        type.tostring { "zoom webinar \($0.webinar) live stream" }
    }
}

/// The module's functions, what `require "showcall.zoom"` returns.
extension ZoomPlatform {
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("webinar", doc: "The Zoom webinar with this numeric id; sends no request.",
                              params: [.init("id", "integer|string")], returns: [.object(ZoomWebinar.self)]) { call in
                try call.returning(ZoomWebinar(id: try call.platformID(1, "zoom webinar", numeric: true), context: context))
            },
        ]
    }
}

extension ZoomWebinar: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead {
        let c = try Self.client(directory), id = self.id
        return StatusRead(operation: "zoom.webinar:status") { timeout in try await c.webinar(id, timeout: timeout) }
    }
}

extension ZoomLivestream: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead {
        let c = try ZoomWebinar.client(directory), id = webinar
        return StatusRead(operation: "zoom.livestream:status") { timeout in try await c.livestream(id, timeout: timeout) }
    }
}

/// What `webinar:status()` and `webinar.livestream:status()` return, as Zoom's document names the fields.
extension ZoomWebinar {
    static let statusShape = LuaShape("zoom.webinar_status", doc: "GET /v2/webinars/{webinarId}", fields: [
        ("id", "integer", ""), ("topic", "string", ""), ("status", "zoom.webinar_state", ""), ("type", "integer", "5, 6 or 9"),
        ("start_time", "string?", "ISO-8601"), ("duration", "integer?", "minutes"), ("timezone", "string?", ""),
    ], aliases: [(name: "zoom.webinar_state", values: ["waiting", "started", "ended"])])
}

extension ZoomLivestream {
    static let statusShape = LuaShape("zoom.livestream_status", doc: "GET /v2/webinars/{webinarId}/livestream (the key redacted)", fields: [
        ("stream_url", "string", ""), ("stream_key", "string", "redacted"), ("page_url", "string", ""), ("resolution", "string?", "720p or 1080p"),
    ])
}
