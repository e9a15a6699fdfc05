import LuaShim

/// A view of one Lua thread's stack. Every operation here is one that cannot raise a Lua
/// error (raw access, no metamethods), so it is safe to call from Swift frames.
public struct LuaStack {
    @usableFromInline let L: OpaquePointer

    @inlinable public init(_ L: OpaquePointer) { self.L = L }

    public var top: Int32 { lua_gettop(L) }
    public func setTop(_ n: Int32) { lua_settop(L, n) }
    public func pop(_ n: Int32 = 1) { shim_pop(L, n) }
    public func absolute(_ idx: Int32) -> Int32 { lua_absindex(L, idx) }
    public func type(at idx: Int32) -> LuaType { LuaType(rawValue: lua_type(L, idx)) ?? .none }
    public func typeName(at idx: Int32) -> String { String(cString: lua_typename(L, lua_type(L, idx))) }

    /// Makes room for n more values; Lua guarantees only 20 inside a C function. (lua_checkstack,
    /// not luaL_checkstack: the latter raises, and nothing may raise through Swift frames.)
    public func reserve(_ n: Int32) throws {
        guard lua_checkstack(L, n) != 0 else { throw LuaHostError.stackOverflow }
    }

    // MARK: pushing

    public func pushNil() { lua_pushnil(L) }
    public func push(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    public func push(_ i: Int64) { lua_pushinteger(L, i) }
    public func push(_ d: Double) { lua_pushnumber(L, d) }
    public func push(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = lua_pushlstring(L, buf.baseAddress, buf.count) }
    }
    public func push(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            _ = buf.baseAddress.map { lua_pushlstring(L, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), buf.count) }
                ?? lua_pushlstring(L, "", 0)
        }
    }

    /// Pushes a data value, tables nested to any depth the Lua stack allows.
    public func push(_ value: LuaValue) throws {
        switch value {
        case .nil: lua_pushnil(L)
        case .null: shim_pushnull(L)
        case .boolean(let b): push(b)
        case .integer(let i): push(i)
        case .number(let d): push(d)
        case .string(let s): push(bytes: s.bytes)
        case .table(let t): try push(t)
        }
    }

    public func push(_ table: LuaTable) throws {
        try reserve(3)
        lua_createtable(L, Int32(clamping: table.array.count), Int32(clamping: table.hash.count))
        for (i, v) in table.array.enumerated() {
            try push(v)
            lua_rawseti(L, -2, Int64(i + 1))
        }
        for (k, v) in table.hash {
            // lua_rawset raises on these, and nothing may raise through Swift frames. (NaN is
            // tested with isNaN: `k != .number(.nan)` is always true, as NaN equals nothing.)
            if k == .nil { throw LuaHostError.conversion("table index is nil") }
            if case .number(let d) = k, d.isNaN { throw LuaHostError.conversion("table index is NaN") }
            try push(k)
            try push(v)
            lua_rawset(L, -3)
        }
    }

    // MARK: reading

    /// The bytes of a string (or number, converted as Lua does) at idx; nil for other types.
    public func bytes(at idx: Int32) -> [UInt8]? {
        switch lua_type(L, idx) {
        case LUA_TSTRING:
            return copyString(at: idx)
        case LUA_TNUMBER:
            // lua_tolstring converts a number in place: convert a copy so the value stays a number.
            lua_pushvalue(L, idx)
            defer { pop() }
            return copyString(at: -1)
        default:
            return nil
        }
    }

    private func copyString(at idx: Int32) -> [UInt8]? {
        var len = 0
        guard let p = lua_tolstring(L, idx, &len) else { return nil }
        return Array(UnsafeRawBufferPointer(start: p, count: len))
    }

    public func string(at idx: Int32) -> String? {
        bytes(at: idx).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Copies the data value at idx. Tables are copied deeply; a table that contains itself,
    /// or a function, userdata or thread anywhere inside, is an error naming where.
    public func value(at idx: Int32) throws -> LuaValue {
        var walk = Walk()
        return try value(at: absolute(idx), walk: &walk)
    }

    /// How deep tables may nest in a copy, either way (JSON decoded for Lua keeps to it too).
    public static let maxDepth = 200
    /// A table shared by several fields is copied once for each, so twenty levels of
    /// `t = {t, t}` are a million copies; past this many values the copy is refused.
    static let maxValues = 1_000_000
    /// Likewise a string is copied for each field that holds it: past this many bytes of
    /// strings in all, the copy is refused rather than exhausting memory.
    static let maxBytes = 64 << 20

    /// Where the copy is: the tables being copied, outermost first, the fields leading to the
    /// value being copied (named only when an error needs it), and how many values so far.
    private struct Walk {
        enum Step { case index(Int64), key(LuaValue) }
        var path: [UnsafeRawPointer] = []
        var steps: [Step] = []
        var values = 0
        var bytes = 0

        /// `steps[1].run`; a key that is not a string shows as its type, never its contents
        /// (a table key can be large).
        var field: String {
            steps.reduce("") { field, step in
                switch step {
                case .index(let n): field + "[\(n)]"
                case .key(.string(let s)): field.isEmpty ? s.description : field + "." + s.description
                case .key(.table): field + "[table]"
                case .key(let k): field + "[\(k)]"
                }
            }
        }
    }

    private func value(at idx: Int32, walk: inout Walk) throws -> LuaValue {
        walk.values += 1
        guard walk.values <= Self.maxValues else {
            throw LuaHostError.conversion("more than \(Self.maxValues) values to copy (a table shared by several fields counts once for each) at '\(walk.field)'")
        }
        switch lua_type(L, idx) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, idx) != 0)
        case LUA_TNUMBER:
            return lua_isinteger(L, idx) != 0 ? .integer(shim_tointeger(L, idx)) : .number(shim_tonumber(L, idx))
        case LUA_TSTRING:
            walk.bytes += Int(lua_rawlen(L, idx))
            guard walk.bytes <= Self.maxBytes else {
                throw LuaHostError.conversion("more than \(Self.maxBytes >> 20) MB of strings to copy (a string held by several fields counts once for each) at '\(walk.field)'")
            }
            return .string(LuaString(bytes: bytes(at: idx)!))
        case LUA_TTABLE:
            return .table(try table(at: idx, walk: &walk))
        case LUA_TUSERDATA where shim_isnull(L, idx) != 0:
            return .null
        default:
            let field = walk.field
            throw LuaHostError.conversion("\(field.isEmpty ? "value" : "field '\(field)'") is a \(typeName(at: idx)), not data")
        }
    }

    private func table(at idx: Int32, walk: inout Walk) throws -> LuaTable {
        let id = lua_topointer(L, idx)!
        if walk.path.contains(id) {
            let field = walk.field
            throw LuaHostError.conversion("\(field.isEmpty ? "table" : "field '\(field)'") contains itself (a cycle)")
        }
        guard walk.path.count < Self.maxDepth else {
            throw LuaHostError.conversion("tables nested deeper than \(Self.maxDepth) at '\(walk.field)'")
        }
        try reserve(4)
        walk.path.append(id)
        defer { walk.path.removeLast() }
        var result = LuaTable()
        var n: Int64 = 1
        while lua_rawgeti(L, idx, n) != LUA_TNIL {
            walk.steps.append(.index(n))
            result.array.append(try value(at: top, walk: &walk))
            walk.steps.removeLast()
            pop()
            n += 1
        }
        pop()
        lua_pushnil(L)
        while lua_next(L, idx) != 0 {
            let key = try keyValue(at: -2, walk: &walk)
            if case .integer(let i) = key, i >= 1, i < n {
                pop()
                continue
            }
            walk.steps.append(.key(key))
            let copied = try value(at: top, walk: &walk)
            walk.steps.removeLast()
            // Only table keys can meet here: two tables, distinct in Lua, whose copies are equal.
            // Keeping one would drop the other's entry without a word.
            if result.hash.updateValue(copied, forKey: key) != nil {
                let field = walk.field
                throw LuaHostError.conversion("\(field.isEmpty ? "table" : "field '\(field)'") has two table keys with the same contents")
            }
            pop()
        }
        return result
    }

    /// Reads a key during lua_next without converting it in place (which would break the traversal).
    private func keyValue(at idx: Int32, walk: inout Walk) throws -> LuaValue {
        lua_pushvalue(L, idx)
        defer { pop() }
        return try value(at: top, walk: &walk)
    }
}
