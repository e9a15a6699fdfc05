import LuaShim

/// What a binding says about itself, for `:help`, completion through calls, and editor
/// annotations (`showcall types`): one source, the binding's own definition.
public struct LuaMemberDoc {
    /// "method", "property" or "function".
    public let kind: String
    public let text: String
    /// What a function or method takes (a method's object not counted); none for a property.
    public let params: [LuaParameter]
    /// What a function or method returns, in order; for a property, the one type it holds.
    public let returns: [LuaTypeAnnotation]

    init(kind: String, text: String, params: [LuaParameter], returns: [LuaTypeAnnotation]) {
        self.kind = kind
        self.text = text
        self.params = params
        self.returns = returns
    }

    /// The object type a property holds or a call returns first, which completion follows.
    public var type: (any LuaObject.Type)? { returns.first?.objectType }

    /// Every object type it names, for the catalogue.
    var objectTypes: [any LuaObject.Type] {
        (params.map(\.type) + returns).compactMap(\.objectType)
    }

    var lua: LuaValue {
        var t = LuaTable()
        t["kind"] = .string(LuaString(kind))
        t["doc"] = .string(LuaString(text))
        t["signature"] = .string(LuaString(signature))
        t["params"] = .table(LuaTable(array: params.map { p in
            var param = LuaTable()
            param["name"] = .string(LuaString(p.name))
            param["type"] = .string(LuaString(p.type.name))
            return .table(param)
        }))
        t["returns"] = .table(LuaTable(array: returns.map { .string(LuaString($0.name)) }))
        if let type { t["type"] = .string(LuaString(type.luaTypeName)) }
        return .table(t)
    }
}

/// A Swift function of a module, with its documentation.
public struct LuaModuleFunction {
    public let name: String
    public let doc: LuaMemberDoc
    public let body: LuaCallback

    /// `params`: what it takes; `returns`: what it returns (an object type lets completion
    /// and help follow the call).
    public init(_ name: String, doc: String = "", params: [LuaParameter], returns: [LuaTypeAnnotation],
                _ body: @escaping LuaCallback) {
        self.name = name
        self.doc = LuaMemberDoc(kind: "function", text: doc, params: params, returns: returns)
        self.body = body
    }
}

/// The state's catalogue of documented bindings, a Lua table: `types[name]` is a registered
/// type's metatable (whose `__docs` describes its members), and `functions[f]` (weak keys)
/// describes a documented Swift function as `{kind=, doc=, signature=, params={{name=, type=}...}, returns={type...}, type=}`. Types that documented
/// members and functions return are registered, and the entries of functions pushed so far
/// made, when the catalogue is first asked for (by the REPL), not while an engine starts.
public struct LuaDocumentation: LuaPushable {
    public init() {}

    public func push(onto stack: LuaStack) throws {
        let state = LuaState.owner(of: stack.L)
        while let type = state.documentedTypes.popLast() { try state.registerType(type) }
        try state.pushCatalogue(on: stack)
        try state.fileEntries(ofCatalogueAt: stack.top)
        state.catalogueShared = true
    }
}

extension LuaState {
    /// Notes the types a documented member or function names, for the catalogue.
    func document(_ doc: LuaMemberDoc) {
        for type in doc.objectTypes where types[ObjectIdentifier(type)] == nil { documentedTypes.append(type) }
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

    /// Pushes `function` as a Lua function of its name, filed in the catalogue: its entry
    /// itself, once the catalogue is shared; before, its place in `pendingFunctionDocs` (an
    /// engine's start pushes some thirty functions that nothing may ever ask about).
    public func push(_ function: LuaModuleFunction, on stack: LuaStack) throws {
        document(function.doc)
        try stack.reserve(4)
        stack.push(function: function.name, function.body)
        try pushCatalogue(on: stack)
        lua_getfield(L, -1, "functions")
        lua_pushvalue(L, -3)
        if catalogueShared {
            try function.doc.lua.push(onto: stack)
        } else {
            stack.push(Int64(pendingFunctionDocs.count))
            pendingFunctionDocs.append(function.doc)
        }
        lua_rawset(L, -3)
        stack.pop(2)
    }

    /// Replaces each place in `pendingFunctionDocs` filed in the catalogue at `catalogue` with
    /// the entry it stands for. Stack: unchanged.
    func fileEntries(ofCatalogueAt catalogue: Int32) throws {
        guard !pendingFunctionDocs.isEmpty else { return }
        let stack = LuaStack(L)
        try stack.reserve(4)
        lua_getfield(L, catalogue, "functions")
        let functions = stack.top
        lua_pushnil(L)
        while lua_next(L, functions) != 0 {
            // Setting an existing key's value while traversing is allowed (lua_next's manual entry).
            if stack.type(at: -1) == .number {
                let place = Int(lua_tointegerx(L, -1, nil))
                stack.pop()
                lua_pushvalue(L, -1)
                try pendingFunctionDocs[place].lua.push(onto: stack)
                lua_rawset(L, functions)
            } else {
                stack.pop()
            }
        }
        stack.pop()
        pendingFunctionDocs = []
    }
}

extension LuaModuleFunction: LuaPushable {
    public func push(onto stack: LuaStack) throws {
        try LuaState.owner(of: stack.L).push(self, on: stack)
    }
}
