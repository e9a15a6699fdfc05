import LuaHost
import Testing

@Suite("Functions both ways")
struct FunctionTests {
    @Test("a Swift closure is callable from Lua with arguments and several results")
    func swiftFromLua() throws {
        let lua = try LuaState()
        var calls = 0
        lua.setGlobal("divmod", function: { call in
            calls += 1
            let a = try call.argument(1, as: Int64.self), b = try call.argument(2, as: Int64.self)
            return try call.returning(a / b, a % b)
        })
        #expect(try lua.run("return divmod(17, 5)") == [.integer(3), .integer(2)])
        #expect(calls == 1)
    }

    @Test("a bad argument reads as Lua's own message, with the script line")
    func badArgument() throws {
        let lua = try LuaState()
        lua.setGlobal("wait_for", function: { call in
            _ = try call.argument(1, as: Double.self)
            return .none
        })
        do {
            try lua.run("\nwait_for('soon')", name: "@show.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "show.lua:2: bad argument #1 to 'wait_for' (number expected, got string)")
        }
    }

    @Test("a Lua function is callable from Swift, kept, and called again later")
    func luaFromSwift() throws {
        let lua = try LuaState()
        var kept: LuaFunction?
        lua.setGlobal("keep", function: { call in
            kept = try call.function(1)
            return .none
        })
        try lua.run("local n = 0 keep(function(step) n = n + step return n, 'count' end)")
        #expect(try kept?.call([Int64(2)]) == [.integer(2), .string("count")])
        #expect(try kept?.call([Int64(3)]) == [.integer(5), .string("count")])
    }
}

private enum Library {
    static let twice = LuaBinding { L in
        LuaBinding.run(L, name: "twice") { call in try call.returning(2 * (try call.argument(1, as: Int64.self))) }
    }
}

@Suite("Process-wide bindings")
struct BindingTests {
    @Test("a LuaBinding works in every state, raises Lua-worded errors, and is one function value")
    func binding() throws {
        for _ in 0 ..< 3 {
            let lua = try LuaState()
            try lua.setGlobal("twice", Library.twice)
            try lua.setGlobal("again", Library.twice)
            #expect(try lua.run("return twice(21), twice == again") == [.integer(42), .boolean(true)])
            do {
                try lua.run("twice('x')", name: "@b.lua")
                Issue.record("expected an error")
            } catch let error as LuaError {
                #expect(error.message == "b.lua:1: bad argument #1 to 'twice' (number expected, got string)")
            }
        }
    }
}
