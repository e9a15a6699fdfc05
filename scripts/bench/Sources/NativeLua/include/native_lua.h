#ifndef NATIVE_LUA_H
#define NATIVE_LUA_H
typedef struct lua_State lua_State;
/* Sets the global `cnop` to a light lua_CFunction that does nothing: the bare C baseline. */
void native_register_nop(lua_State *L);
/* Sets the global `cbound` to a C closure that, like any binding with per-function state, reads
 * its context from an upvalue and calls its handler through a pointer; the handler does nothing. */
void native_register_bound(lua_State *L);
#endif
