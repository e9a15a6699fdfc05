import LuaHost

/// `require "showcall.huawei"`: `huawei.conference(id, {password=})` and its live broadcast.
final class HuaweiConferenceObject: LuaObject {
    let conference: HuaweiConference
    let context: PlatformContext
    let livestream: HuaweiLivestream

    init(conference: HuaweiConference, context: PlatformContext) {
        self.conference = conference
        self.context = context
        livestream = HuaweiLivestream(conference: conference, context: context)
    }

    static var luaTypeName: String { "huawei.conference" }
    static func describe(_ type: LuaTypeBuilder<HuaweiConferenceObject>) {
        type.property("id", doc: "The conference id.", type: "string", get: { $0.conference.id })
        type.property("livestream", doc: "The meeting's live broadcast: start(), stop().", type: .object(HuaweiLivestream.self), get: { $0.livestream })
        type.method("status", doc: "{confInfo=, attendees=, participants=}, GET .../realTimeInfo", params: [.options()], returns: [.shape(HuaweiConferenceObject.statusShape)]) { c, call in try c.context.status(call, c) }
        type.tostring { "huawei conference \($0.conference.id)" }
        type.equals { $0.conference.id == $1.conference.id }
    }
}

final class HuaweiLivestream: LuaObject {
    let conference: HuaweiConference
    let context: PlatformContext
    init(conference: HuaweiConference, context: PlatformContext) { self.conference = conference; self.context = context }

    static var luaTypeName: String { "huawei.livestream" }
    static func describe(_ type: LuaTypeBuilder<HuaweiLivestream>) {
        type.method("start", doc: "Starts the live broadcast. PUT .../live {isLive=1}", params: [.options()], returns: ["boolean"]) { l, call in
            try l.context.verb(call, client: { [conference = l.conference] _ in conference }) { conference, timeout in
                try await conference.setLive(true, timeout: timeout); return done
            }
        }
        type.method("stop", doc: "Stops the live broadcast. PUT .../live {isLive=0}", params: [.options()], returns: ["boolean"]) { l, call in
            try l.context.verb(call, client: { [conference = l.conference] _ in conference }) { conference, timeout in
                try await conference.setLive(false, timeout: timeout); return done
            }
        }
        type.tostring { "huawei conference \($0.conference.id) live broadcast" }
    }
}

/// The module's functions, what `require "showcall.huawei"` returns.
extension HuaweiPlatform {
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("conference", doc: "The Huawei Cloud Meeting with this id; the host password defaults to the profile's. Sends no request.",
                              params: [.init("id", "string"), .init("options", "{password?: string}?")],
                              returns: [.object(HuaweiConferenceObject.self)]) { call in
                let id = try call.platformID(1, "huawei conference")
                let password = try CallOptions(call, 2, known: ["password"]).string("password")
                let conference = try context.directory.huawei().conference(id, password: password)
                return try call.returning(HuaweiConferenceObject(conference: conference, context: context))
            },
        ]
    }
}

/// A conference's live broadcast is read through the conference's real-time information.
extension HuaweiConferenceObject: WatchedOutput {
    static func statusRead(_ conference: HuaweiConference) -> StatusRead {
        StatusRead(operation: "huawei.conference:status") { timeout in try await conference.realTimeInfo(timeout: timeout) }
    }

    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { Self.statusRead(conference) }
}

extension HuaweiLivestream: WatchedOutput {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead { HuaweiConferenceObject.statusRead(conference) }
}

/// What `conference:status()` returns, as Huawei's document names the fields.
extension HuaweiConferenceObject {
    static let statusShape = LuaShape("huawei.conference_status", doc: "GET /v1/mmc/control/conferences/realTimeInfo", fields: [
        ("confInfo", "huawei.conference_info", "the conference"), ("attendees", "table[]", "invited"), ("participants", "table[]", "present"),
    ], nested: [LuaShape("huawei.conference_info", doc: "realTimeInfo's confInfo", fields: [
        ("conferenceID", "string", ""), ("subject", "string", ""), ("isLive", "integer", "1 when the live broadcast is on"),
        ("recordType", "integer", ""), ("confState", "string", "Schedule, Creating, Created or Destroyed"),
    ])])
}
