import LuaHost
import Testing

final class Webcast: LuaObject {
    static let luaTypeName = "Webcast"
    let id: String
    var live = false
    var closed = 0
    let counter: DeinitCounter

    init(id: String, counter: DeinitCounter = DeinitCounter()) {
        self.id = id
        self.counter = counter
    }

    deinit { counter.count += 1 }

    static func describe(_ type: LuaTypeBuilder<Webcast>) {
        type.method("start") { webcast, call in
            webcast.live = true
            return try call.returning(webcast.id)
        }
        type.property("id") { $0.id }
        type.property("live", get: { $0.live }, set: { webcast, call, i in webcast.live = try call.argument(i, as: Bool.self) })
        type.tostring { "Webcast(\($0.id))" }
        type.equals { $0.id == $1.id }
        type.close { $0.closed += 1 }
    }
}

@Suite("Swift objects as userdata")
struct ObjectTests {
    @Test("methods, properties, tostring, equality")
    func members() throws {
        let lua = try LuaState()
        let webcast = Webcast(id: "wc-1")
        try lua.setGlobal("w", webcast)
        try lua.setGlobal("same", Webcast(id: "wc-1"))
        try lua.setGlobal("other", Webcast(id: "wc-2"))
        let r = try lua.run("return w:start(), w.live, w.id, tostring(w), w == same, w == other, type(w)")
        #expect(r == [.string("wc-1"), .boolean(true), .string("wc-1"), .string("Webcast(wc-1)"), .boolean(true),
                      .boolean(false), .string("userdata")])
        try lua.run("w.live = false")
        #expect(webcast.live == false)
    }

    @Test("an unknown member names what the type offers; a read-only property refuses writes")
    func unknownMember() throws {
        let lua = try LuaState()
        try lua.setGlobal("w", Webcast(id: "x"))
        do {
            try lua.run("w:stop()", name: "@show.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "show.lua:1: Webcast has no field 'stop' (it offers: id, live, start)")
        }
        #expect(throws: LuaError.self) { try lua.run("w.id = 'y'") }
    }

    @Test("a method called on the wrong value is a clear error, not a crash")
    func wrongSelf() throws {
        let lua = try LuaState()
        try lua.setGlobal("w", Webcast(id: "x"))
        do {
            try lua.run("local start = w.start return start({})", name: "@s.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "s.lua:1: bad argument #1 to 'Webcast:start' (Webcast expected, got table)")
        }
    }

    @Test("<close> calls the type's close")
    func close() throws {
        let lua = try LuaState()
        let webcast = Webcast(id: "x")
        try lua.setGlobal("w", webcast)
        try lua.run("do local c <close> = w end")
        #expect(webcast.closed == 1)
    }

    @Test("__gc releases the Swift object after collectgarbage(), and never twice")
    func gcReleasesOnce() throws {
        let counter = DeinitCounter()
        let lua = try LuaState()
        try lua.setGlobal("w", Webcast(id: "gc", counter: counter))
        try lua.run("collectgarbage()")
        #expect(counter.count == 0)
        try lua.run("w = nil collectgarbage() collectgarbage()")
        #expect(counter.count == 1)
        // A resurrecting finalizer elsewhere must not make the box release again.
        try lua.run("setmetatable({}, { __gc = function() end }) collectgarbage()")
        #expect(counter.count == 1)
    }

    @Test("closing the state releases what Lua still holds, once")
    func closeReleases() throws {
        let counter = DeinitCounter()
        do {
            let lua = try LuaState()
            try lua.setGlobal("w", Webcast(id: "held", counter: counter))
            #expect(counter.count == 0)
        }
        #expect(counter.count == 1)
    }
}
