import LuaShim

/// A Swift value that can be pushed onto a Lua stack.
public protocol LuaPushable {
    func push(onto stack: LuaStack) throws
}

/// A Swift value that can be read from a Lua stack. Throws `LuaTypeMismatch` naming the
/// expected type, so callers can word the error for an argument or a field.
public protocol LuaReadable {
    static func read(from stack: LuaStack, at idx: Int32) throws -> Self
}

public typealias LuaConvertible = LuaPushable & LuaReadable

/// The value at a stack slot is not of the type a binding expects.
public struct LuaTypeMismatch: Error, CustomStringConvertible {
    public let expected: String
    public let got: String
    /// Where inside the value, such as `[2]` of a list; empty for the value itself.
    public var position = ""

    public init(expected: String, got: String, position: String = "") {
        self.expected = expected
        self.got = got
        self.position = position
    }

    public var description: String { "\(expected) expected\(position.isEmpty ? "" : " at " + position), got \(got)" }
}

extension LuaStack {
    func mismatch(_ expected: String, at idx: Int32) -> LuaTypeMismatch {
        LuaTypeMismatch(expected: expected, got: lua_type(L, idx) == LUA_TNONE ? "no value" : typeName(at: idx))
    }
}

extension Bool: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(self) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> Bool {
        guard lua_type(stack.L, idx) == LUA_TBOOLEAN else { throw stack.mismatch("boolean", at: idx) }
        return lua_toboolean(stack.L, idx) != 0
    }
}

extension Int64: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(self) }
    /// Accepts what `luaL_checkinteger` accepts: integers, floats with an exact integer value,
    /// and strings that convert to one.
    public static func read(from stack: LuaStack, at idx: Int32) throws -> Int64 {
        var ok: Int32 = 0
        let v = lua_tointegerx(stack.L, idx, &ok)
        guard ok != 0 else {
            let isNumber = lua_type(stack.L, idx) == LUA_TNUMBER
            throw isNumber ? LuaTypeMismatch(expected: "integer", got: "number with no integer representation")
                : stack.mismatch("number", at: idx)
        }
        return v
    }
}

extension Int: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(Int64(self)) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> Int { Int(try Int64.read(from: stack, at: idx)) }
}

extension Double: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(self) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> Double {
        var ok: Int32 = 0
        let v = lua_tonumberx(stack.L, idx, &ok)
        guard ok != 0 else { throw stack.mismatch("number", at: idx) }
        return v
    }
}

extension String: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(self) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> String {
        guard let s = stack.string(at: idx) else { throw stack.mismatch("string", at: idx) }
        return s
    }
}

extension LuaString: LuaConvertible {
    public func push(onto stack: LuaStack) { stack.push(bytes: bytes) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> LuaString {
        guard let b = stack.bytes(at: idx) else { throw stack.mismatch("string", at: idx) }
        return LuaString(bytes: b)
    }
}

extension LuaValue: LuaConvertible {
    public func push(onto stack: LuaStack) throws { try stack.push(self) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> LuaValue { try stack.value(at: idx) }
}

extension LuaTable: LuaConvertible {
    public func push(onto stack: LuaStack) throws { try stack.push(self) }
    public static func read(from stack: LuaStack, at idx: Int32) throws -> LuaTable {
        guard case .table(let t) = try stack.value(at: idx) else { throw stack.mismatch("table", at: idx) }
        return t
    }
}

extension Optional: LuaPushable where Wrapped: LuaPushable {
    public func push(onto stack: LuaStack) throws {
        if let self { try self.push(onto: stack) } else { stack.pushNil() }
    }
}

extension Optional: LuaReadable where Wrapped: LuaReadable {
    public static func read(from stack: LuaStack, at idx: Int32) throws -> Wrapped? {
        shim_isnoneornil(stack.L, idx) != 0 ? nil : try Wrapped.read(from: stack, at: idx)
    }
}

extension Array: LuaPushable where Element: LuaPushable {
    public func push(onto stack: LuaStack) throws {
        try stack.reserve(2)
        lua_createtable(stack.L, Int32(clamping: count), 0)
        for (i, element) in enumerated() {
            try element.push(onto: stack)
            lua_rawseti(stack.L, -2, Int64(i + 1))
        }
    }
}

extension Array: LuaReadable where Element: LuaReadable {
    /// Reads the sequence 1...n of a table (as `ipairs` would), each element converted.
    public static func read(from stack: LuaStack, at idx: Int32) throws -> [Element] {
        let idx = stack.absolute(idx)
        guard lua_type(stack.L, idx) == LUA_TTABLE else { throw stack.mismatch("table", at: idx) }
        try stack.reserve(2)
        var result: [Element] = []
        var n: Int64 = 1
        while lua_rawgeti(stack.L, idx, n) != LUA_TNIL {
            defer { stack.pop() }
            do { result.append(try Element.read(from: stack, at: -1)) } catch let e as LuaTypeMismatch {
                throw LuaTypeMismatch(expected: e.expected, got: e.got, position: "[\(n)]" + e.position)
            }
            n += 1
        }
        stack.pop()
        return result
    }
}

extension Dictionary: LuaPushable where Key: LuaPushable, Value: LuaPushable {
    public func push(onto stack: LuaStack) throws {
        try stack.reserve(3)
        lua_createtable(stack.L, 0, Int32(clamping: count))
        for (k, v) in self {
            try k.push(onto: stack)
            try v.push(onto: stack)
            lua_rawset(stack.L, -3)
        }
    }
}

extension Dictionary: LuaReadable where Key: LuaReadable, Value: LuaReadable {
    public static func read(from stack: LuaStack, at idx: Int32) throws -> [Key: Value] {
        let idx = stack.absolute(idx)
        guard lua_type(stack.L, idx) == LUA_TTABLE else { throw stack.mismatch("table", at: idx) }
        try stack.reserve(4)
        var result: [Key: Value] = [:]
        lua_pushnil(stack.L)
        while lua_next(stack.L, idx) != 0 {
            defer { stack.pop() }
            lua_pushvalue(stack.L, -2) // never convert the traversal key itself
            defer { stack.pop() }
            result[try Key.read(from: stack, at: -1)] = try Value.read(from: stack, at: -2)
        }
        return result
    }
}
