import LuaShim

extension LuaState {
    /// Replaces the `coroutine` functions so that
    /// - an await inside the script's own coroutines passes through them to the host, while the
    ///   script's own yields stay between its coroutines (as OpenResty and cqueues do);
    /// - host tasks look like the main thread: `running()` answers it, `isyieldable()` is false
    ///   and `yield()` fails as it does at the top level of `lua5.4`.
    func installCoroutineBridge() throws {
        let bridge = try load(PackageResources.coroutine_bridge_lua, name: "=[showcall coroutine bridge]")
        let s = stack
        bridge.push(onto: s)
        shim_pushawaitmarker(L)
        lua_createtable(L, 0, 0)
        lua_createtable(L, 0, 1)
        s.push("k")
        lua_setfield(L, -2, "__mode")
        lua_setmetatable(L, -2)
        lua_pushvalue(L, -1)
        roots = luaL_ref(L, shim_registryindex())
        s.push(LuaHostError.cannotAwait("await").description)
        let status = shim_pcall(L, 3, 0)
        if status != LUA_OK { throw popProtectedError(status: status, on: s) }
    }

}
