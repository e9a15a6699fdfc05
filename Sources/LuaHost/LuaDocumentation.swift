import LuaShim

/// What a binding says about itself, for `:help`, completion through calls, and editor
/// annotations: one source, the binding's own definition.
public struct LuaMemberDoc {
    /// "method", "property" or "function".
    public let kind: String
    public let text: String
    /// The type of object it holds (a property) or returns (a method or function), if any.
    public let type: (any LuaObject.Type)?

    var lua: LuaValue {
        var t = LuaTable()
        t["kind"] = .string(LuaString(kind))
        t["doc"] = .string(LuaString(text))
        if let type { t["type"] = .string(LuaString(type.luaTypeName)) }
        return .table(t)
    }
}

/// A Swift function of a module, with its documentation.
public struct LuaModuleFunction {
    public let name: String
    public let doc: LuaMemberDoc
    public let body: LuaCallback

    public init(_ name: String, doc: String = "", returns: (any LuaObject.Type)? = nil, _ body: @escaping LuaCallback) {
        self.name = name
        self.doc = LuaMemberDoc(kind: "function", text: doc, type: returns)
        self.body = body
    }
}

/// The state's catalogue of documented bindings, a Lua table: `types[name]` is a registered
/// type's metatable (whose `__docs` describes its members), and `functions[f]` (weak keys)
/// describes a documented Swift function as `{kind=, doc=, type=}`. Types that documented
/// members and functions return are registered when the catalogue is first asked for (by the
/// REPL), not while an engine starts.
public struct LuaDocumentation: LuaPushable {
    public init() {}

    public func push(onto stack: LuaStack) throws {
        let state = LuaState.owner(of: stack.L)
        while let type = state.documentedTypes.popLast() { try state.registerType(type) }
        try state.pushCatalogue(on: stack)
    }
}

extension LuaState {
    /// Notes a type a documented member or function returns, for the catalogue.
    func document(_ type: (any LuaObject.Type)?) {
        guard let type, types[ObjectIdentifier(type)] == nil else { return }
        documentedTypes.append(type)
    }

    func pushCatalogue(on stack: LuaStack) throws {
        try stack.reserve(3)
        if documentation != 0 {
            lua_rawgeti(L, shim_registryindex(), Int64(documentation))
            return
        }
        lua_createtable(L, 0, 2)
        lua_createtable(L, 0, 8)
        lua_setfield(L, -2, "types")
        lua_createtable(L, 0, 32)
        lua_createtable(L, 0, 1)
        stack.push("k")
        lua_setfield(L, -2, "__mode")
        lua_setmetatable(L, -2)
        lua_setfield(L, -2, "functions")
        lua_pushvalue(L, -1)
        documentation = luaL_ref(L, shim_registryindex())
    }

    /// Files the metatable on top of the stack under `types[name]`, and pops it.
    func recordType(_ name: String) throws {
        let s = LuaStack(L)
        try pushCatalogue(on: s)
        lua_getfield(L, -1, "types")
        lua_pushvalue(L, -3)
        lua_setfield(L, -2, name)
        s.pop(3)
    }

    /// Registers a type's metatable now rather than when its first object is pushed.
    func registerType(_ type: any LuaObject.Type) throws {
        _ = try objectType(for: type)
    }

    /// Pushes `function` as a Lua function of its name, filed in the catalogue.
    public func push(_ function: LuaModuleFunction, on stack: LuaStack) throws {
        document(function.doc.type)
        try stack.reserve(4)
        stack.push(function: function.name, function.body)
        try pushCatalogue(on: stack)
        lua_getfield(L, -1, "functions")
        lua_pushvalue(L, -3)
        try function.doc.lua.push(onto: stack)
        lua_rawset(L, -3)
        stack.pop(2)
    }
}

extension LuaModuleFunction: LuaPushable {
    public func push(onto stack: LuaStack) throws {
        try LuaState.owner(of: stack.L).push(self, on: stack)
    }
}
