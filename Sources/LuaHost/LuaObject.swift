import LuaShim

/// A Swift class whose instances Lua holds as full userdata: one metatable per type, built
/// once by `describe`. Lua retains the object; `__gc` releases it exactly once.
public protocol LuaObject: AnyObject, LuaPushable {
    /// The name Lua sees (`__name`, error messages, default `tostring`).
    static var luaTypeName: String { get }
    static func describe(_ type: LuaTypeBuilder<Self>)
}

extension LuaObject {
    public func push(onto stack: LuaStack) throws {
        try LuaState.owner(of: stack.L).pushObject(self, on: stack)
    }

    /// The Swift object at idx if it is one of this type.
    public static func at(_ idx: Int32, on stack: LuaStack) -> Self? {
        LuaState.owner(of: stack.L).object(at: idx, on: stack, as: Self.self)
    }
}

/// Collects a type's methods, properties and metamethods.
public final class LuaTypeBuilder<Object: AnyObject> {
    public typealias Method = (Object, LuaCall) throws -> LuaReturn
    var methods: [(String, Method)] = []
    var getters: [String: (Object) throws -> any LuaPushable] = [:]
    var setters: [String: (Object, LuaCall, Int32) throws -> Void] = [:]
    var tostring: ((Object) -> String)?
    var equals: ((Object, Object) -> Bool)?
    var close: ((Object) throws -> Void)?
    var fields: ((Object, String) throws -> (any LuaPushable)?)?
    var documentation: [String: LuaMemberDoc] = [:]
    var declarations: [String] = []

    /// `obj:name(...)`. The call's arguments start at 2 (1 is the object). `params` and
    /// `returns` say what it takes and gives (the object not counted), for help, completion
    /// through calls, and editor annotations.
    public func method(_ name: String, doc: String = "", params: [LuaParameter], returns: [LuaTypeAnnotation],
                       _ body: @escaping Method) {
        methods.append((name, body))
        documentation[name] = LuaMemberDoc(kind: "method", text: doc, params: params, returns: returns)
    }

    /// `obj.name`, read-only unless a setter is given; the setter reads the value at the index
    /// it is given. `type`: what it holds.
    public func property(_ name: String, doc: String = "", type: LuaTypeAnnotation,
                         get: @escaping (Object) throws -> any LuaPushable,
                         set: ((Object, LuaCall, Int32) throws -> Void)? = nil) {
        getters[name] = get
        setters[name] = set
        documentation[name] = LuaMemberDoc(kind: "property", text: doc, params: [], returns: [type])
    }

    /// Fields computed by name, consulted after properties and methods; nil means no such field.
    public func fields(_ body: @escaping (Object, String) throws -> (any LuaPushable)?) { fields = body }

    public func tostring(_ body: @escaping (Object) -> String) { tostring = body }
    /// LuaLS lines written before the type's class in its definition file: the classes and
    /// aliases its members' annotations name.
    public func declare(_ lines: [String]) { declarations += lines }
    /// `==` between two objects of this type; identity by default.
    public func equals(_ body: @escaping (Object, Object) -> Bool) { equals = body }
    /// What `local x <close> = obj` does at the end of the scope.
    public func close(_ body: @escaping (Object) throws -> Void) { close = body }
}

/// A registered type: its metatable's registry reference.
struct LuaObjectType {
    let name: String
    let metatable: Int32
}

extension LuaState {
    func pushObject<Object: AnyObject>(_ object: Object, on stack: LuaStack) throws {
        let type = try objectType(for: Object.self)
        try stack.reserve(2)
        shim_pushobject(stack.L, Unmanaged.passRetained(object as AnyObject).toOpaque())
        lua_rawgeti(stack.L, shim_registryindex(), Int64(type.metatable))
        lua_setmetatable(stack.L, -2)
    }

    func object<T: AnyObject>(at idx: Int32, on stack: LuaStack, as: T.Type) -> T? {
        guard let type = types[ObjectIdentifier(T.self)], let box = shim_objectat(stack.L, idx),
              lua_getmetatable(stack.L, idx) != 0 else { return nil }
        lua_rawgeti(stack.L, shim_registryindex(), Int64(type.metatable))
        let same = lua_rawequal(stack.L, -1, -2) != 0
        stack.pop(2)
        return same ? (Unmanaged<AnyObject>.fromOpaque(box).takeUnretainedValue() as! T) : nil
    }

    /// The Swift object behind the userdata at `idx`, whatever its registered type; nil for
    /// any other value.
    func anyObject(at idx: Int32, on stack: LuaStack) -> AnyObject? {
        guard let box = shim_objectat(stack.L, idx), lua_getmetatable(stack.L, idx) != 0 else { return nil }
        defer { stack.pop(1) }
        for type in types.values {
            lua_rawgeti(stack.L, shim_registryindex(), Int64(type.metatable))
            let same = lua_rawequal(stack.L, -1, -2) != 0
            stack.pop(1)
            if same { return Unmanaged<AnyObject>.fromOpaque(box).takeUnretainedValue() }
        }
        return nil
    }

    func typeName<T: AnyObject>(of: T.Type) -> String {
        types[ObjectIdentifier(T.self)]?.name ?? String(describing: T.self)
    }

    func objectType<Object: AnyObject>(for: Object.Type) throws -> LuaObjectType {
        if let type = types[ObjectIdentifier(Object.self)] { return type }
        guard let described = Object.self as? any LuaObject.Type else {
            throw LuaHostError.unregisteredType(String(describing: Object.self))
        }
        return try register(described)
    }

    private func register<T: LuaObject>(_ type: T.Type) throws -> LuaObjectType {
        let builder = LuaTypeBuilder<T>()
        T.describe(builder)
        return try register(T.self, name: T.luaTypeName, builder)
    }

    /// Builds the metatable: `__index` (properties, then methods; an unknown name is an error
    /// listing what the type offers), `__newindex`, `__tostring`, `__eq`, `__close`, `__gc`.
    func register<T: AnyObject>(_: T.Type, name: String, _ b: LuaTypeBuilder<T>) throws -> LuaObjectType {
        let s = LuaStack(L)
        let base = s.top
        defer { s.setTop(base) }
        try s.reserve(4)
        let members = (b.methods.map(\.0) + b.getters.keys).sorted()
        let offered = members.isEmpty ? "nothing" : members.joined(separator: ", ")
        let selfOf: (LuaCall) throws -> T = { call in try call.object(1, as: T.self) }

        lua_createtable(L, 0, Int32(b.methods.count))
        for (method, body) in b.methods {
            s.push(function: "\(name):\(method)") { call in try body(try selfOf(call), call) }
            lua_setfield(L, -2, method)
        }
        let methods = luaL_ref(L, shim_registryindex())

        lua_createtable(L, 0, 10)
        s.push(name)
        lua_setfield(L, -2, "__name")
        // What the type offers, for completion and help.
        try members.push(onto: s)
        lua_setfield(L, -2, "__members")
        try LuaValue.table(LuaTable(hash: b.documentation.reduce(into: [:]) { $0[.string(LuaString($1.key))] = $1.value.lua }))
            .push(onto: s)
        lua_setfield(L, -2, "__docs")
        shim_pushcfunction(L, shim_gc)
        lua_setfield(L, -2, "__gc")
        let getters = b.getters
        let fields = b.fields
        s.push(function: "__index") { call in
            let key = try call.argument(2, as: String.self)
            if let get = getters[key] {
                try get(try selfOf(call)).push(onto: call.stack)
                return .values(1)
            }
            lua_rawgeti(call.stack.L, shim_registryindex(), Int64(methods))
            if lua_getfield(call.stack.L, -1, key) != LUA_TNIL { return .values(1) }
            if let value = try fields?(try selfOf(call), key) {
                try value.push(onto: call.stack)
                return .values(1)
            }
            throw LuaHostError.conversion("\(name) has no field '\(key)' (it offers: \(offered))")
        }
        lua_setfield(L, -2, "__index")
        let setters = b.setters
        s.push(function: "__newindex") { call in
            let key = try call.argument(2, as: String.self)
            guard let set = setters[key] ?? nil else {
                throw LuaHostError.conversion("\(name) field '\(key)' cannot be set")
            }
            try set(try selfOf(call), call, 3)
            return .none
        }
        lua_setfield(L, -2, "__newindex")
        let tostring = b.tostring
        s.push(function: "__tostring") { call in
            let object = try selfOf(call)
            let text = tostring?(object) ?? "\(name): \(UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque()))"
            return try call.returning(text)
        }
        lua_setfield(L, -2, "__tostring")
        let equals = b.equals
        s.push(function: "__eq") { call in
            guard let a = call.state.object(at: 1, on: call.stack, as: T.self),
                  let b = call.state.object(at: 2, on: call.stack, as: T.self) else { return try call.returning(false) }
            return try call.returning(a === b || equals?(a, b) == true)
        }
        lua_setfield(L, -2, "__eq")
        if let close = b.close {
            s.push(function: "__close") { call in
                try close(try selfOf(call))
                return .none
            }
            lua_setfield(L, -2, "__close")
        }
        lua_pushvalue(L, -1)
        let type = LuaObjectType(name: name, metatable: luaL_ref(L, shim_registryindex()))
        types[ObjectIdentifier(T.self)] = type
        try recordType(name) // pops the metatable
        // Completion follows `obj.livestream:` to the livestream's type before any exists.
        for member in b.documentation.values { document(member) }
        return type
    }
}
