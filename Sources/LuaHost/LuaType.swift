import LuaShim

/// The basic types of Lua values, as `lua_type` reports them
/// ([manual §4.1](https://www.lua.org/manual/5.4/manual.html#lua_type)).
public enum LuaType: Int32, Sendable {
    /// An index with no value (past the top of the stack).
    case none = -1 // LUA_TNONE
    case `nil` = 0 // LUA_TNIL
    case boolean = 1 // LUA_TBOOLEAN
    case lightUserdata = 2 // LUA_TLIGHTUSERDATA
    case number = 3 // LUA_TNUMBER
    case string = 4 // LUA_TSTRING
    case table = 5 // LUA_TTABLE
    case function = 6 // LUA_TFUNCTION
    case userdata = 7 // LUA_TUSERDATA
    case thread = 8 // LUA_TTHREAD

    /// None or nil: an argument that was not given.
    public var isNoneOrNil: Bool { self == .none || self == .nil }
}
