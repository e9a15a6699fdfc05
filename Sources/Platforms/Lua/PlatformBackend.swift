import LuaHost
import ShowEngine

/// The platforms as Lua modules: `require "showcall.vbrick"` (and convey, webex, zoom, huawei),
/// and `require "showcall.http"` for webhooks.
/// Objects cost nothing to make: `vbrick.event(id)` sends no request; each verb is one call,
/// which suspends only its coroutine.
public struct PlatformBackend: ShowBackend {
    public let directory: PlatformDirectory

    public init(directory: PlatformDirectory) {
        self.directory = directory
    }

    public static let modules = ["vbrick", "convey", "webex", "zoom", "huawei"]

    public func install(into engine: Engine) throws {
        let hub = engine.hub
        // `report` runs on the Lua thread, which owns the clock.
        nonisolated(unsafe) let clock = engine.clock
        let context = PlatformContext(directory: directory, work: engine.scheduler.outsideWork, record: engine.record) { operation, error, took in
            // For the control page's "last calls": the operation and its outcome, secrets redacted.
            var fields = LuaTable()
            fields["platform"] = .string(String(operation.prefix { $0 != "." }))
            fields["operation"] = .string(operation)
            fields["ok"] = .boolean(error == nil)
            fields["ms"] = .integer(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
            let text = error.map { Secrets.redact(String(describing: $0)) } ?? "ok"
            hub.report(ShowEvent.platformCall, text: String(text.prefix(200)), time: clock.wallNow, fields: fields)
        }
        try engine.preload("showcall.vbrick", functions: [
            LuaModuleFunction("event", doc: "The Rev scheduled event (webcast) with this GUID; sends no request.",
                              params: [.init("id", "string")], returns: [.object(VbrickEvent.self)]) { call in
                try call.returning(VbrickEvent(id: try call.platformID(1, "vbrick event"), context: context))
            },
        ])
        try engine.preload("showcall.convey", functions: ConveyModule.functions(context))
        try engine.preload("showcall.webex", functions: [
            LuaModuleFunction("meeting", doc: "The Webex meeting with this id; sends no request.",
                              params: [.init("id", "string")], returns: [.object(WebexMeeting.self)]) { call in
                try call.returning(WebexMeeting(id: try call.platformID(1, "webex meeting"), context: context))
            },
        ])
        try engine.preload("showcall.zoom", functions: [
            LuaModuleFunction("webinar", doc: "The Zoom webinar with this numeric id; sends no request.",
                              params: [.init("id", "integer|string")], returns: [.object(ZoomWebinar.self)]) { call in
                try call.returning(ZoomWebinar(id: try call.platformID(1, "zoom webinar", numeric: true), context: context))
            },
        ])
        try engine.preload("showcall.huawei", functions: [
            LuaModuleFunction("conference", doc: "The Huawei Cloud Meeting with this id; the host password defaults to the profile's. Sends no request.",
                              params: [.init("id", "string"), .init("options", "{password?: string}?")],
                              returns: [.object(HuaweiConferenceObject.self)]) { call in
                let id = try call.platformID(1, "huawei conference")
                let password = try CallOptions(call, 2, known: ["password"]).string("password")
                let conference = try context.directory.huawei().conference(id, password: password)
                return try call.returning(HuaweiConferenceObject(conference: conference, context: context))
            },
        ])
        try engine.preload("showcall.http", functions: HTTPModule.functions(context, mode: engine.mode))
    }
}
