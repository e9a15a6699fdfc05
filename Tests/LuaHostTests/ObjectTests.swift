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
        type.method("start", params: [], returns: ["string"]) { webcast, call in
            webcast.live = true
            return try call.returning(webcast.id)
        }
        type.property("id", type: "string") { $0.id }
        type.property("live", type: "boolean", get: { $0.live }, set: { webcast, call, i in webcast.live = try call.argument(i, as: Bool.self) })
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

final class Studio: LuaObject {
    static let luaTypeName = "Studio"
    static func describe(_ type: LuaTypeBuilder<Studio>) {
        type.property("webcast", doc: "The studio's webcast.", type: .object(Webcast.self), get: { _ in Webcast(id: "wc-s") })
        type.method("open", doc: "Opens a webcast.", params: [.init("id", "string?")], returns: [.object(Webcast.self)]) { _, call in
            try call.returning(Webcast(id: "wc-o"))
        }
    }
}

@Suite("The documentation catalogue")
struct DocumentationTests {
    @Test("a type's members are documented in its metatable; a type it refers to is registered before any object of it exists")
    func typeDocs() throws {
        let lua = try LuaState()
        try lua.setGlobal("studio", Studio())
        let r = try lua.load("""
            local docs = ...
            local mt = getmetatable(studio)
            local webcast = docs.types.Webcast
            return mt.__docs.webcast.kind, mt.__docs.webcast.type, mt.__docs.open.doc, mt.__docs.open.type,
              mt.__docs.open.signature, mt.__docs.open.params[1].name, mt.__docs.open.returns[1],
              webcast ~= nil, webcast and webcast.__name, docs.types.Studio == mt
            """, name: "=test").call([LuaDocumentation()])
        #expect(r == ["property", "Webcast", "Opens a webcast.", "Webcast", "(id?: string): Webcast", "id", "Webcast",
                      true, "Webcast", true])
    }

    @Test("a module function carries its doc and return type, keyed by the function itself")
    func functionDocs() throws {
        let lua = try LuaState()
        let open = LuaModuleFunction("open", doc: "A webcast.", params: [.init("id", "string")], returns: [.object(Webcast.self)]) { call in
            try call.returning(Webcast(id: try call.argument(1, as: String.self)))
        }
        let r = try lua.load("""
            local docs, open = ...
            local d = docs.functions[open]
            return d.kind, d.doc, d.type, d.signature, tostring(open("wc-9")), docs.types.Webcast ~= nil
            """, name: "=test").call([LuaDocumentation(), open])
        #expect(r == ["function", "A webcast.", "Webcast", "(id: string): Webcast", "Webcast(wc-9)", true])
    }

    @Test("functions pushed before the catalogue is first asked for (an engine's start) are in it when it is, and so are later ones")
    func docsBeforeTheCatalogue() throws {
        let lua = try LuaState()
        let early = (1 ... 3).map { n in
            LuaModuleFunction("early\(n)", doc: "Early \(n).", params: [], returns: ["integer"]) { call in try call.returning(Int64(n)) }
        }
        for f in early { try lua.setGlobal(f.name, f) }
        let late = LuaModuleFunction("late", doc: "Late.", params: [.init("id", "string")], returns: [.object(Webcast.self)]) { call in
            try call.returning(Webcast(id: try call.argument(1, as: String.self)))
        }
        let r = try lua.load("""
            local docs, late = ...
            local out = {}
            for _, f in ipairs { early1, early2, early3, late } do
              local d = docs.functions[f]
              out[#out + 1] = type(d) == "table" and d.doc .. " " .. d.signature or tostring(d)
            end
            return table.concat(out, "|"), early2()
            """, name: "=test").call([LuaDocumentation(), late])
        #expect(r == ["Early 1. (): integer|Early 2. (): integer|Early 3. (): integer|Late. (id: string): Webcast", 2])
    }
}

@Suite("Editor annotations from the definitions")
struct AnnotationFileTests {
    @Test("a module's file declares the types it reaches, once, with fields, methods, params and returns")
    func files() throws {
        let open = LuaModuleFunction("open", doc: "A studio.", params: [.init("name", "string"), .init("options", "{live?: boolean}?")],
                                     returns: [.object(Studio.self)]) { call in try call.returning(Studio()) }
        let again = LuaModuleFunction("again", doc: "The same studio.", params: [], returns: [.object(Studio.self)]) { call in
            try call.returning(Studio())
        }
        let files = LuaAnnotations.files(for: [("acme.studios", [open]), ("acme.more", [again])])
        #expect(files.map(\.module) == ["acme.studios", "acme.more"])
        #expect(files[0].text.hasPrefix("---@meta acme.studios\n"))
        #expect(files[0].text.contains("""
            ---@class Studio
            ---@field webcast Webcast The studio's webcast.
            local Studio = {}

            --- Opens a webcast.
            ---@param id? string
            ---@return Webcast
            function Studio:open(id) end
            """))
        #expect(files[0].text.contains("---@class Webcast\n---@field id string\n---@field live boolean\nlocal Webcast = {}"))
        #expect(files[0].text.hasSuffix("""
            --- A studio.
            ---@param name string
            ---@param options? {live?: boolean}
            ---@return Studio
            function studios.open(name, options) end

            return studios

            """))
        #expect(!files[1].text.contains("---@class"))
        #expect(files[1].text.contains("---@return Studio\nfunction more.again() end"))
    }
}
