/* probe.c - a C module as Debian's lua-cjson or lua-filesystem is one: built against
   /usr/include/lua5.4 and linked against no Lua, so its lua_* and luaL_* calls bind to the
   process that loads it (CModuleTests builds it with the toolchain's clang). */
#include <lua.h>
#include <lauxlib.h>

static int add(lua_State *L) {
    lua_pushinteger(L, luaL_checkinteger(L, 1) + luaL_checkinteger(L, 2));
    return 1;
}

/* Raises from C: lua_error's longjmp must land in Lua's own pcall. */
static int fail(lua_State *L) {
    return luaL_error(L, "probe failed: %s", luaL_optstring(L, 1, "no reason"));
}

/* Calls a Lua function back without a continuation: what it may not do (yield) it must be
   told, not crash on. Stack: [f] -> [result]. */
static int call(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_call(L, 0, 1);
    return 1;
}

int luaopen_probe(lua_State *L) {
    static const luaL_Reg fns[] = {{"add", add}, {"fail", fail}, {"call", call}, {NULL, NULL}};
    luaL_newlib(L, fns);
    return 1;
}
