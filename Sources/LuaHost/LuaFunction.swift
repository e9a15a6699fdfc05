import LuaShim

/// A Lua function held by Swift (anchored in the registry) and callable from Swift.
/// Use it on the state's thread only.
public final class LuaFunction: LuaPushable {
    weak var state: LuaState?
    let ref: Int32

    init(state: LuaState, stack: LuaStack, at idx: Int32) {
        self.state = state
        lua_pushvalue(stack.L, idx)
        ref = luaL_ref(stack.L, shim_registryindex())
    }

    deinit {
        if let state, !state.isClosed { luaL_unref(state.L, shim_registryindex(), ref) }
    }

    public func push(onto stack: LuaStack) {
        lua_rawgeti(stack.L, shim_registryindex(), Int64(ref))
    }

    /// Calls the function in protected mode. Pass the stack of the running Swift callback when
    /// calling from inside one; by default the call runs on the main thread. An error comes back
    /// as `LuaError` with its traceback.
    @discardableResult
    public func call(_ args: [any LuaPushable] = [], on stack: LuaStack? = nil) throws -> [LuaValue] {
        try invoke(args, on: stack, results: LUA_MULTRET) { state, s, base in
            try (base + 1 ..< s.top + 1).map { try s.value(at: $0) }
        }
    }

    /// Calls the function on the main thread for a function it returns (a module's constructor,
    /// a closure over setup); anything else is an error.
    public func callReturningFunction(_ args: [any LuaPushable] = []) throws -> LuaFunction {
        try invoke(args, on: nil, results: 1) { state, s, _ in
            guard lua_type(s.L, -1) == LUA_TFUNCTION else {
                throw LuaHostError.conversion("expected a function result, got \(s.typeName(at: -1))")
            }
            return LuaFunction(state: state, stack: s, at: -1)
        }
    }

    /// Pushes the function and its arguments, calls it protected, and reads its results with
    /// `read` before the stack is put back as it was.
    private func invoke<R>(_ args: [any LuaPushable], on stack: LuaStack?, results: Int32,
                           read: (LuaState, LuaStack, Int32) throws -> R) throws -> R {
        guard let state, !state.isClosed else { throw LuaHostError.conversion("the Lua state of this function is closed") }
        let s = stack ?? LuaStack(state.L)
        let base = s.top
        defer { s.setTop(base) }
        try s.reserve(Int32(clamping: args.count + 2))
        push(onto: s)
        for arg in args { try arg.push(onto: s) }
        let status = shim_pcall(s.L, Int32(args.count), results)
        guard status == LUA_OK else { throw state.popProtectedError(status: status, on: s) }
        return try read(state, s, base)
    }
}
