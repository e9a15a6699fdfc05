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
        type.property("id", doc: "The conference id.", get: { $0.conference.id })
        type.property("livestream", doc: "The meeting's live broadcast: start(), stop().", type: HuaweiLivestream.self, get: { $0.livestream })
        type.method("status", doc: "conference:status(): {confInfo=, attendees=, participants=}, GET .../realTimeInfo") { c, call in
            try c.context.verb(call, client: { [conference = c.conference] _ in conference }) { conference, timeout in
                try await conference.realTimeInfo(timeout: timeout).lua
            }
        }
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
        type.method("start", doc: "livestream:start(): starts the live broadcast. PUT .../live {isLive=1}") { l, call in
            try l.context.verb(call, client: { [conference = l.conference] _ in conference }) { conference, timeout in
                try await conference.setLive(true, timeout: timeout); return done
            }
        }
        type.method("stop", doc: "livestream:stop(): stops the live broadcast. PUT .../live {isLive=0}") { l, call in
            try l.context.verb(call, client: { [conference = l.conference] _ in conference }) { conference, timeout in
                try await conference.setLive(false, timeout: timeout); return done
            }
        }
        type.tostring { "huawei conference \($0.conference.id) live broadcast" }
    }
}
