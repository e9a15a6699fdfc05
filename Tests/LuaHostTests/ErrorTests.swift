import LuaHost
import Testing

struct DoorsClosed: Error, CustomStringConvertible, LuaErrorFields {
    var description: String { "the doors are closed" }
    var luaFields: [String: LuaValue] { ["platform": "vbrick", "status": 423] }
}

@Suite("Errors both ways")
struct ErrorTests {
    @Test("a Lua error reaches Swift with its message and a traceback naming chunk and line")
    func luaToSwift() throws {
        let lua = try LuaState()
        do {
            try lua.run("local function deeper() error('no signal') end\nlocal function show() deeper() end\nshow()",
                        name: "@town-hall.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "town-hall.lua:1: no signal")
            #expect(error.kind == .runtime)
            #expect(error.traceback.contains("town-hall.lua:1: in "))
            #expect(error.traceback.contains("town-hall.lua:2: in "))
        }
    }

    @Test("a syntax error is a syntax LuaError with chunk and line")
    func syntax() throws {
        let lua = try LuaState()
        do {
            _ = try lua.load("x = = 1", name: "@bad.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.kind == .syntax)
            #expect(error.message == "bad.lua:1: unexpected symbol near '='")
        }
    }

    @Test("a Swift error is a catchable Lua value: pcall returns it, tostring reads well, fields are readable")
    func swiftToLua() throws {
        let lua = try LuaState()
        lua.setGlobal("open_doors", function: { _ in throw DoorsClosed() })
        let r = try lua.run("""
            local ok, err = pcall(function() open_doors() end)
            return ok, tostring(err), err.message, err.platform, err.status, err.nothing
            """, name: "@doors.lua")
        #expect(r == [.boolean(false), .string("doors.lua:1: the doors are closed"), .string("the doors are closed"),
                      .string("vbrick"), .integer(423), .nil])
    }

    @Test("error() with a table keeps the table; error() with a string keeps its level")
    func errorValues() throws {
        let lua = try LuaState()
        let r = try lua.run("""
            local ok, e = pcall(error, { code = 7 })
            local ok2, e2 = pcall(function() error('lvl', 2) end)
            return e.code, e2
            """)
        #expect(r[0] == .integer(7))
        #expect(r[1] == .string("lvl"))
    }

    @Test("Swift → Lua → Swift → Lua: the original Swift error comes back with the Lua traceback through it")
    func nested() throws {
        let lua = try LuaState()
        lua.setGlobal("fail", function: { _ in throw DoorsClosed() })
        lua.setGlobal("call_back", function: { call in
            let f = try call.function(1)
            try f.call(on: call.stack)
            return .none
        })
        do {
            try lua.run("call_back(function() local g = load('return fail()', '=inline') g() end)", name: "@outer.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.underlying is DoorsClosed)
            #expect(error.message == "inline:1: the doors are closed")
            #expect(error.traceback.contains("[C]: in function 'call_back'"))
            #expect(error.traceback.contains("outer.lua:1: in main chunk"))
        }
    }

    @Test("an error raised inside a task fails the task with message and traceback")
    func inTask() throws {
        let lua = try CapturedState()
        let task = try lua.runTask("print('before')\nlocal t = nil\nreturn t.field", name: "@task.lua")
        #expect(task.status == .failed)
        #expect(task.error?.message == "task.lua:3: attempt to index a nil value (local 't')")
        #expect(task.error?.traceback.contains("task.lua:3: in main chunk") == true)
        #expect(lua.output == "before\n")
    }

    @Test("a runtime error inside a Swift binding shows the Lua traceback through the binding")
    func throughBinding() throws {
        let lua = try LuaState()
        lua.setGlobal("broadcast", function: { _ in throw DoorsClosed() })
        let task = try lua.spawn(try lua.load("local function go() broadcast() end\ngo()", name: "@b.lua"))
        lua.loop.run(until: { task.isDone })
        let traceback = task.error?.traceback ?? ""
        #expect(task.error?.message == "b.lua:1: the doors are closed")
        #expect(traceback.contains("[C]: in function 'broadcast'"))
        #expect(traceback.contains("b.lua:1: in local 'go'"))
        #expect(traceback.contains("b.lua:2: in main chunk"))
    }
}
