import LuaHost

/// `require "showcall.webex"`: `webex.meeting(id)`, a meeting's controls.
final class WebexMeeting: LuaObject {
    let id: String
    let context: PlatformContext
    let record: WebexRecord

    init(id: String, context: PlatformContext) {
        self.id = id
        self.context = context
        record = WebexRecord(meeting: id, context: context)
    }

    /// PUT controls: the verbs all return the controls as the platform reports them afterwards.
    static func update(_ call: LuaCall, _ context: PlatformContext, _ id: String, _ operation: String,
                       started: Bool? = nil, paused: Bool? = nil, locked: Bool? = nil) throws -> LuaReturn {
        try context.verb(call, client: client) { c, timeout in
            try await c.update(id, operation: operation, recordingStarted: started, recordingPaused: paused,
                               locked: locked, timeout: timeout).json
        }
    }

    static func client(_ d: PlatformDirectory) throws -> WebexClient { try d.webex() }

    /// The controls as every verb returns them.
    static var controlsType: LuaTypeAnnotation { "{locked: boolean, recordingStarted: boolean, recordingPaused: boolean}" }

    static var luaTypeName: String { "webex.meeting" }
    static func describe(_ type: LuaTypeBuilder<WebexMeeting>) {
        type.property("id", doc: "The meeting's id.", type: "string", get: { $0.id })
        type.property("record", doc: "The meeting's recording: start(), stop(), pause(), resume().", type: .object(WebexRecord.self), get: { $0.record })
        type.method("lock", doc: "Locks the meeting; returns the controls. PUT /v1/meetings/controls {locked=true}", params: [.options()], returns: [controlsType]) { m, call in
            try update(call, m.context, m.id, "lock", locked: true)
        }
        type.method("unlock", doc: "Unlocks the meeting; returns the controls. PUT /v1/meetings/controls {locked=false}",
                    params: [.options()], returns: [controlsType]) { m, call in
            try update(call, m.context, m.id, "unlock", locked: false)
        }
        type.method("controls", doc: "Sets the given controls in one PUT /v1/meetings/controls: recording = \"started\" (starts, or resumes a paused one), \"paused\" or \"stopped\"; locked = true or false. Returns the controls.",
                    params: [.options("recording?: \"started\"|\"paused\"|\"stopped\"", "locked?: boolean")], returns: [controlsType]) { m, call in
            let o = try CallOptions(call, 2, known: ["recording", "locked"])
            let recording = try o.string("recording").map { name in
                guard let r = WebexClient.Recording(rawValue: name) else {
                    throw PlatformInputError(field: "option 'recording' of '\(call.name)'", rule: "must be \"started\", \"paused\" or \"stopped\", not \"\(name)\"")
                }
                return r
            }
            let locked = try o.bool("locked")
            guard recording != nil || locked != nil else {
                throw PlatformInputError(field: "options of '\(call.name)'", rule: "must give recording or locked (or both)")
            }
            return try m.context.verb(call, o, client: client) { [id = m.id] c, timeout in
                try await c.setControls(id, recording: recording, locked: locked, timeout: timeout).json
            }
        }
        type.method("status", doc: "{locked=, recordingStarted=, recordingPaused=}, GET /v1/meetings/controls", params: [.options()], returns: [controlsType]) { m, call in try m.context.status(call, m) }
        type.method("details", doc: "Title and state (inProgress, scheduled...), GET /v1/meetings/{id}", params: [.options()], returns: [.shape(WebexMeeting.detailsShape)]) { m, call in
            try m.context.verb(call, client: client) { [id = m.id] c, timeout in try await c.meeting(id, timeout: timeout) }
        }
        type.tostring { "webex meeting \($0.id)" }
        type.equals { $0.id == $1.id }
    }
}

final class WebexRecord: LuaObject {
    let meeting: String
    let context: PlatformContext
    init(meeting: String, context: PlatformContext) { self.meeting = meeting; self.context = context }

    static var luaTypeName: String { "webex.record" }
    static func describe(_ type: LuaTypeBuilder<WebexRecord>) {
        type.method("start", doc: "Starts recording; returns the controls. {recordingStarted=true}", params: [.options()], returns: [WebexMeeting.controlsType]) { r, call in
            try WebexMeeting.update(call, r.context, r.meeting, "record.start", started: true)
        }
        type.method("stop", doc: "Stops recording; returns the controls. {recordingStarted=false}", params: [.options()], returns: [WebexMeeting.controlsType]) { r, call in
            try WebexMeeting.update(call, r.context, r.meeting, "record.stop", started: false)
        }
        type.method("pause", doc: "Pauses the recording; returns the controls. {recordingPaused=true}", params: [.options()], returns: [WebexMeeting.controlsType]) { r, call in
            try WebexMeeting.update(call, r.context, r.meeting, "record.pause", paused: true)
        }
        type.method("resume", doc: "Resumes a paused recording; returns the controls. {recordingPaused=false}", params: [.options()], returns: [WebexMeeting.controlsType]) { r, call in
            try WebexMeeting.update(call, r.context, r.meeting, "record.resume", paused: false)
        }
        type.tostring { "webex meeting \($0.meeting) recording" }
    }
}

/// The module's functions, what `require "showcall.webex"` returns.
extension WebexPlatform {
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("meeting", doc: "The Webex meeting with this id; sends no request.",
                              params: [.init("id", "string")], returns: [.object(WebexMeeting.self)]) { call in
                try call.returning(WebexMeeting(id: try call.platformID(1, "webex meeting"), context: context))
            },
        ]
    }
}

/// A meeting's recording is read through the meeting's controls.
extension WebexMeeting: WatchedOutput {
    static func statusRead(_ directory: PlatformDirectory, id: String) throws -> StatusRead {
        let c = try client(directory)
        return StatusRead(operation: "webex.meeting:status") { timeout in try await c.controls(id, timeout: timeout).json }
    }

    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { try Self.statusRead(directory, id: id) }
}

extension WebexRecord: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { try WebexMeeting.statusRead(directory, id: meeting) }
}

/// What `meeting:details()` returns, as Webex's document names the fields.
extension WebexMeeting {
    static let detailsShape = LuaShape("webex.meeting_details", doc: "GET /v1/meetings/{meetingId}", fields: [
        ("id", "string", ""), ("title", "string", ""), ("state", "webex.meeting_state", ""), ("meetingType", "string", ""),
        ("start", "string?", "ISO-8601"), ("end", "string?", "ISO-8601"),
    ], aliases: [(name: "webex.meeting_state", values: ["active", "scheduled", "ready", "lobby", "inProgress", "ended", "missed", "expired"])])
}
