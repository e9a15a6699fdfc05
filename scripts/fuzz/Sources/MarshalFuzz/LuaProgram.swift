import FuzzSupport

/// Turns fuzz bytes into a Lua chunk that builds a value on a little stack machine and leaves
/// the top of its stack in the global `V`: scalars at their edges, strings with any bytes,
/// tables with cycles, shared parts, deep nesting and metatables whose metamethods fail.
/// Every operation is guarded, so the chunk always runs; what it builds is arbitrary.
enum LuaProgram {
    static let maxOperations = 400

    static let prologue = """
        local s, n = {}, 0
        local function push(v) n = n + 1; s[n] = v end
        local function pop() if n == 0 then return nil end local v = s[n]; s[n] = nil; n = n - 1; return v end
        local function top() return s[n] end
        local function pick(i) if n == 0 then return nil end return s[n - i % n] end
        local function bad() error("metamethod failed", 0) end
        local M = {
          {__index = bad}, {__tostring = bad}, {__pairs = bad}, {__len = bad},
          {__tostring = function() return {} end}, {__name = "odd\\0name"}, {__gc = bad},
          {__index = function(_, k) return k end, __newindex = bad}, {__metatable = false},
          {__eq = bad, __lt = bad, __concat = bad}, {__tostring = function() return string.rep("x", 100000) end},
          {__close = bad, __call = bad}, {__name = 42, __tostring = function() error({}) end},
          {__tostring = function(t) return tostring(t) end},
        }
        local function table_top() local t = s[n]; if type(t) == "table" then return t end end

        """

    static let epilogue = "\nV = s[n]\n"

    static func source(_ input: inout ByteReader) -> String {
        var out = prologue
        var count = 0
        while !input.isAtEnd, count < maxOperations {
            count += 1
            out += operation(&input) + "\n"
        }
        return out + epilogue
    }

    static let integers = ["0", "1", "-1", "math.maxinteger", "math.mininteger", "9007199254740993", "-2147483648",
                           "2147483648", "255", "256", "math.maxinteger - 1", "(1 << 53)"]
    static let floats = ["0.0", "-0.0", "1/0", "-1/0", "0/0", "-(0/0)", "1e308", "5e-324", "2^63", "-2^63",
                         "2^53 + 1.0", "0.1", "math.pi", "3.0", "-1.0", "2^-1074", "1.7976931348623157e308"]
    static let others = ["print", "function() end", "coroutine.create(function() end)", "io.stdout", "string.len",
                         "coroutine.running()"]

    static func operation(_ input: inout ByteReader) -> String {
        let op = input.byte()
        switch op % 24 {
        case 0: return "push(nil)"
        case 1: return "push(\(input.byte() & 1 == 0))"
        case 2: return "push(\(integers[Int(input.byte()) % integers.count]))"
        case 3:
            let i = input.int64()
            return "push(\(i == .min ? "math.mininteger" : String(i)))"
        case 4: return "push(\(floats[Int(input.byte()) % floats.count]))"
        case 5: return "push((string.unpack(\"<d\", \(literal(input.take(8))))))"
        case 6: return "push(\(literal(input.take(Int(input.byte() % 64)))))"
        case 7: return "push(string.rep(\(literal(input.take(1))), \(Int(input.byte()) * 1000)))"
        case 8: return "push({})"
        case 9: return "do local v, k, t = pop(), pop(), table_top(); if t then pcall(rawset, t, k, v) end end"
        case 10: return "do local v, t = pop(), table_top(); if t and v ~= nil then rawset(t, rawlen(t) + 1, v) end end"
        case 11: return "push(pick(\(input.byte())))"
        case 12: return "do local t = table_top(); if t then rawset(t, \(key(input.byte())), t) end end"
        case 13: return "push({pop()})"
        case 14: return "do local v = pop(); push({v, v}) end"
        case 15: return "do local v = pop(); for _ = 1, \(Int(input.byte()) * 4) do v = {v} end; push(v) end"
        case 16: return "do local t = table_top(); if t then pcall(setmetatable, t, M[\(Int(input.byte()) % 14 + 1)]) end end"
        case 17: return "push(\(others[Int(input.byte()) % others.count]))"
        case 18:
            let count = Int(input.byte()) * 8, stride = Int(input.byte() % 4) + 1
            return "do local t = table_top(); if t then for i = 1, \(count) do rawset(t, i * \(stride), i) end end end"
        case 19: return "do local t = table_top(); if t then rawset(t, \(key(input.byte())), pick(\(input.byte()))) end end"
        case 20: return "do local a, b = pop(), pop(); push(a); push(b) end"
        case 21: return "do local a, b = pop(), pop(); local ok, r = pcall(function() return tostring(a) .. tostring(b) end); push(ok and r or nil) end"
        case 22: return "do local t = table_top(); if t then rawset(t, \(key(input.byte())), nil) end end"
        default: return "do local t = {}; pcall(rawset, t, pick(\(input.byte())), true); push(t) end"
        }
    }

    /// Table keys at the edges: floats with integer values (Lua stores them as integers),
    /// fractions, huge values, the border of the array part, strings like numbers.
    static func key(_ b: UInt8) -> String {
        let keys = ["1", "2", "0", "-1", "2.0", "1.5", "-0.0", "2^53", "2^63", "math.maxinteger", "math.mininteger",
                    "\"1\"", "\"\"", "\"a\\0b\"", "rawlen(t) + 1", "rawlen(t)", "true", "false", "1e308", "-1/0", "print"]
        return keys[Int(b) % keys.count]
    }

    /// A Lua string literal holding exactly these bytes.
    static func literal(_ bytes: [UInt8]) -> String {
        "\"" + bytes.map { "\\\(String(format3: $0))" }.joined() + "\""
    }
}

private extension String {
    /// Three decimal digits, so that a digit after the escape cannot join it.
    init(format3 b: UInt8) {
        let s = String(b)
        self = String(repeating: "0", count: 3 - s.count) + s
    }
}
