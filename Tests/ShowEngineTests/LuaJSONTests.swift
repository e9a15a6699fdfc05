import LuaHost
import ShowEngine
import Testing

@Suite("LuaJSON: the one JSON codec on ShowCall's side, both ways")
struct LuaJSONTests {
    @Test("a document comes back as the same text: integers and floats apart, nulls in lists and objects kept, escapes, keys in byte order",
          arguments: [
              #"[1,null,3]"#,
              #"[null,null]"#,
              #"{"a":null,"b":[{"c":1.5},null,{"c":-0.0}],"d":true}"#,
              #"{"big":9223372036854775807,"float":1.0,"small":-9223372036854775808,"tiny":5e-324,"wide":1e+300}"#,
              #"{"text":"tab\tquote\" back\\ nl\n \u0001 é 😀"}"#,
              #"[[[],{}],[{"x":[null]}]]"#,
          ])
    func roundTrip(_ text: String) throws {
        // An empty list and an empty object are the same empty table in Lua: `{}` both ways.
        let canonical = text.replacingOccurrences(of: "[]", with: "{}")
        #expect(LuaJSON.encode(try LuaJSON.decode(text.utf8)) == canonical)
    }

    @Test("numbers: integer syntax within 64 bits is an integer, anything else a float")
    func numbers() throws {
        #expect(try LuaJSON.decode("3".utf8) == .integer(3))
        #expect(try LuaJSON.decode("3.0".utf8) == .number(3))
        #expect(try LuaJSON.decode("3e0".utf8) == .number(3))
        #expect(try LuaJSON.decode("-0".utf8) == .integer(0))
        #expect(try LuaJSON.decode("9223372036854775808".utf8) == .number(9_223_372_036_854_775_808))
        #expect(try LuaJSON.decode(#""\ud83d\ude00 \udc00""#.utf8) == .string("😀 \u{FFFD}"))
    }

    @Test("what is not JSON is an error naming the byte, never a trap", arguments: [
        "", " ", "[", "]", "{", "{\"a\"}", "{\"a\":}", "{a:1}", "[1,]", "[1 2]", "01", "-", "1.", "1e", ".5", "+1",
        "tru", "nul", "\"open", "\"bad \\x escape\"", "\"\\u12\"", "\"raw \u{01} control\"", "[1] 2", "1e999999",
        String(repeating: "[", count: 10_000), String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300),
    ])
    func malformed(_ text: String) {
        #expect(throws: LuaJSON.SyntaxError.self) { try LuaJSON.decode(text.utf8) }
    }

    @Test("nesting up to the host's depth decodes; one more level is refused")
    func depth() throws {
        let deepest = String(repeating: "[", count: LuaStack.maxDepth) + String(repeating: "]", count: LuaStack.maxDepth)
        #expect((try? LuaJSON.decode(deepest.utf8)) != nil)
        #expect(throws: LuaJSON.SyntaxError.self) { try LuaJSON.decode(("[" + deepest + "]").utf8) }
    }

    @Test("sent to a platform, what JSON cannot say is refused naming the field; the records write it as near as they can")
    func strictAndLenient() throws {
        let cases: [(LuaValue, String, String)] = [
            (.number(.nan), "n", "n must be a finite number"),
            (["a": [1, .number(.infinity)]], "settings", "settings.a[2] must be a finite number"),
            (.table(LuaTable(array: [1], hash: [.string("x"): 2])), "mixed", "mixed must be a list or a record, not both"),
            (.table(LuaTable(hash: [.integer(5): "five"])), "keys", "keys keys must be strings"),
        ]
        for (value, field, message) in cases {
            #expect(throws: LuaJSON.ValueError.self) { try LuaJSON.bytes(value, field: field) }
            do { _ = try LuaJSON.bytes(value, field: field) } catch { #expect(error.description == message) }
        }
        #expect(LuaJSON.encode(.table(LuaTable(array: [1], hash: [.string("x"): 2]))) == #"{"1":1,"x":2}"#)
        #expect(LuaJSON.encode([.number(.nan), .null, .nil]) == "[null,null,null]")
        #expect(try LuaJSON.bytes([1, .null, 3], field: "list") == Array("[1,null,3]".utf8))
    }

    @Test("in Lua, JSON's null is showcall.null: a list keeps its length, and the sentinel comes back as null")
    func nullInLua() throws {
        let rig = try Rig()
        let list = try LuaJSON.decode(#"[1,null,"three",null]"#.utf8)
        try rig.state.setGlobal("list", list)
        let results = try rig.run("""
            local sc = require "showcall"
            local n = 0
            for _ in ipairs(list) do n = n + 1 end
            return #list, n, list[2] == sc.null, list[4] == sc.null, tostring(sc.null), { 1, sc.null, { a = sc.null } }
            """)
        #expect(Array(results.prefix(5)) == [4, 4, true, true, "null"])
        #expect(results.count == 6 && LuaJSON.encode(results[5]) == #"[1,null,{"a":null}]"#)
    }
}
