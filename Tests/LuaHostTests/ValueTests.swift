import LuaHost
import Testing

@Suite("Values between Lua and Swift")
struct ValueTests {
    @Test("Lua values arrive in Swift with integers and floats kept apart")
    func scalarsFromLua() throws {
        let lua = try LuaState()
        let values = try lua.run("return nil, true, false, 42, 42.0, -0.5, math.maxinteger, math.mininteger, 'text'")
        #expect(values == [.nil, .boolean(true), .boolean(false), .integer(42), .number(42.0), .number(-0.5),
                           .integer(Int64.max), .integer(Int64.min), .string("text")])
    }

    @Test("Swift values arrive in Lua with their Lua types")
    func scalarsToLua() throws {
        let lua = try LuaState()
        try lua.setGlobal("i", Int64(7))
        try lua.setGlobal("f", 7.0)
        try lua.setGlobal("b", true)
        try lua.setGlobal("s", "héllo")
        try lua.setGlobal("n", LuaValue.nil)
        let kinds = try lua.run("return math.type(i), math.type(f), type(b), s, #s, n == nil")
        #expect(kinds == [.string("integer"), .string("float"), .string("boolean"), .string("héllo"), .integer(6), .boolean(true)])
    }

    @Test("strings are bytes: embedded NULs and invalid UTF-8 survive both ways")
    func bytes() throws {
        let lua = try LuaState()
        let fromLua = try lua.run(#"return "a\0b\xff\xfe""#)
        #expect(fromLua == [.string(LuaString(bytes: [0x61, 0, 0x62, 0xFF, 0xFE]))])
        if case .string(let s) = fromLua[0] { #expect(s.string == nil) }

        try lua.setGlobal("raw", LuaString(bytes: [0, 0xC3, 0x28, 0]))
        let seen = try lua.run("return #raw, raw:byte(1, -1)")
        #expect(seen == [.integer(4), .integer(0), .integer(0xC3), .integer(0x28), .integer(0)])
    }

    @Test("tables become arrays and dictionaries, nested, and back")
    func tables() throws {
        let lua = try LuaState()
        let t = try lua.run("return { 10, 20, 'x', name = 'show', nested = { on = true, list = { 1.5 } }, [100] = 'far' }")[0]
        guard case .table(let table) = t else { Issue.record("not a table"); return }
        #expect(table.array == [.integer(10), .integer(20), .string("x")])
        #expect(table["name"] == .string("show"))
        #expect(table[100] == .string("far"))
        guard case .table(let nested) = table["nested"], case .table(let list) = nested["list"] else {
            Issue.record("nested tables lost"); return
        }
        #expect(nested["on"] == .boolean(true))
        #expect(list.array == [.number(1.5)])

        try lua.setGlobal("arr", [1, 2, 3])
        try lua.setGlobal("dict", ["a": 1.5, "b": 2.5])
        try lua.setGlobal("deep", LuaValue.table(LuaTable(hash: ["k": [["x": 1] as LuaValue]])))
        let back = try lua.run("return #arr, arr[3], dict.a + dict.b, deep.k[1].x, math.type(deep.k[1].x)")
        #expect(back == [.integer(3), .integer(3), .number(4.0), .integer(1), .string("integer")])
    }

    @Test("typed reads: [Int] from a sequence, [String: Double] from a record, errors name the element")
    func typedTables() throws {
        let lua = try LuaState()
        lua.setGlobal("sum", function: { call in
            let numbers = try call.argument(1, as: [Int].self)
            return try call.returning(numbers.reduce(0, +))
        })
        #expect(try lua.run("return sum({1, 2, 3, 4})") == [.integer(10)])
        #expect(throws: LuaError.self) { try lua.run("return sum({1, 'two'})") }
        do {
            try lua.run("return sum({1, {}})", name: "@typed.lua")
        } catch let error as LuaError {
            #expect(error.message == "typed.lua:1: bad argument #1 to 'sum' (number expected at [2], got table)")
        }
    }

    @Test("a table that contains itself is refused with a clear error, a shared table is not")
    func cycles() throws {
        let lua = try LuaState()
        #expect(throws: LuaHostError.self) { try lua.run("local t = {} t.me = t return t") }
        do {
            _ = try lua.run("local t = { inner = {} } t.inner.back = t return t")
        } catch let error as LuaHostError {
            #expect(error.description == "field 'inner.back' contains itself (a cycle)")
        }
        let shared = try lua.run("local s = { 1 } return { a = s, b = s }")[0]
        guard case .table(let t) = shared else { Issue.record("not a table"); return }
        #expect(t["a"] == t["b"])
    }

    // Found by scripts/fuzz (marshal): `t = {t, t}` repeated made the copy take 2^depth steps (a hang).
    @Test("a table shared exponentially often is refused once the copy passes a million values")
    func sharedManyTimes() throws {
        let lua = try LuaState()
        do {
            _ = try lua.run("local t = {} for _ = 1, 60 do t = {t, t} end return t")
            Issue.record("expected a conversion error")
        } catch let error as LuaHostError {
            #expect(error.description.hasPrefix("more than 1000000 values to copy"))
        }
        let modest = try lua.run("local t = {1} for _ = 1, 10 do t = {t, t} end return t")[0]
        guard case .table(let top) = modest else { Issue.record("not a table"); return }
        #expect(top.array.count == 2)
    }

    // Found by scripts/fuzz (marshal): one long string shared by thousands of fields became
    // thousands of copies, and the process ran out of memory.
    @Test("a long string shared by many fields is refused past 64 MB of strings, not copied until memory runs out")
    func sharedLongString() throws {
        let lua = try LuaState()
        do {
            _ = try lua.run("local s = string.rep('x', 1 << 20) local t = {} for i = 1, 100 do t[i] = s end return t")
            Issue.record("expected a conversion error")
        } catch let error as LuaHostError {
            #expect(error.description == "more than 64 MB of strings to copy (a string held by several fields counts once for each) at '[65]'")
        }
    }

    // Found by scripts/fuzz (marshal): every field's name was built as the copy went, a table
    // key's from its whole contents, so a large table used as a key made copying crawl.
    @Test("an error under a table key names the key as [table], not by its contents")
    func tableKeyNamedByType() throws {
        let lua = try LuaState()
        do {
            _ = try lua.run("local big = {} for i = 1, 1000 do big[i] = {i} end return { list = { [big] = { run = print } } }")
            Issue.record("expected a conversion error")
        } catch let error as LuaHostError {
            #expect(error.description == "field 'list[table].run' is a function, not data")
        }
    }

    // Found by scripts/fuzz (marshal): two distinct table keys with equal contents became one
    // key of the copy, and one entry was lost without a word.
    @Test("two table keys with the same contents are an error, not a lost entry")
    func equalTableKeys() throws {
        let lua = try LuaState()
        do {
            _ = try lua.run("return { t = { [{}] = 1, [{}] = 2 } }")
            Issue.record("expected a conversion error")
        } catch let error as LuaHostError {
            #expect(error.description == "field 't' has two table keys with the same contents")
        }
        #expect(try lua.run("return { [{1}] = 1, [{2}] = 2 }").count == 1)
    }

    // Found by scripts/fuzz (marshal): a NaN key reached lua_rawset, whose error aborted the process.
    @Test("a Swift table with a NaN or nil key is refused with an error, and the state goes on")
    func unusableKeys() throws {
        let lua = try LuaState()
        for key: LuaValue in [.number(.nan), .number(-.nan), .nil] {
            let table = LuaValue.table(LuaTable(hash: [key: 1, "kept": 2]))
            do {
                try lua.setGlobal("t", table)
                Issue.record("pushed a table with key \(key)")
            } catch let error as LuaHostError {
                #expect(error.description == "table index is \(key == .nil ? "nil" : "NaN")")
            }
        }
        #expect(try lua.run("return 1 + 1") == [.integer(2)])
    }

    @Test("functions and userdata inside a table are named when data is expected")
    func nonData() throws {
        let lua = try LuaState()
        do {
            _ = try lua.run("return { steps = { { run = print } } }")
            Issue.record("expected a conversion error")
        } catch let error as LuaHostError {
            #expect(error.description == "field 'steps[1].run' is a function, not data")
        }
    }

    @Test("bulk pushes grow the stack first: 100,000 elements in, 5,000 results out")
    func bulk() throws {
        let lua = try LuaState()
        try lua.setGlobal("big", Array(1 ... 100_000))
        #expect(try lua.run("return #big, big[100000]") == [.integer(100_000), .integer(100_000)])
        lua.setGlobal("many", function: { call in
            try call.returning(values: (1 ... 5_000).map { LuaValue.integer(Int64($0)) })
        })
        #expect(try lua.run("return select('#', many()), select(5000, many())") == [.integer(5_000), .integer(5_000)])
    }
}
