#include "native_lua.h"
#include <lua.h>

static int cnop(lua_State *L) {
    (void)L;
    return 0;
}

void native_register_nop(lua_State *L) {
    lua_pushcfunction(L, cnop);
    lua_setglobal(L, "cnop");
}

static int handler(lua_State *L, void *context) {
    (void)L;
    (void)context;
    return 0;
}

/* volatile: keep the compiler from inlining the handler, as it cannot for a real binding table */
static int (*volatile handler_ptr)(lua_State *, void *) = handler;

static int cbound(lua_State *L) {
    void *context = *(void **)lua_touserdata(L, lua_upvalueindex(1));
    return handler_ptr(L, context);
}

void native_register_bound(lua_State *L) {
    void **slot = lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = NULL;
    lua_pushcclosure(L, cbound, 1);
    lua_setglobal(L, "cbound");
}
