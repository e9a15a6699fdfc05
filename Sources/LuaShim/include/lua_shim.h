/*
 * lua_shim.h - the only C that ShowCall's Swift host calls into besides Lua itself.
 *
 * Two jobs:
 *   1. Own every raise and yield. Swift callbacks never call lua_error or lua_yield:
 *      they return a status (SHIM_RAISE, SHIM_AWAIT or a result count) and the
 *      trampoline acts on it after the Swift frames are gone.
 *   2. Re-export what Swift cannot import: the API's function-like macros.
 */
#ifndef LUA_SHIM_H
#define LUA_SHIM_H

#include <stddef.h>
#include <stdio.h>
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>

/* ---- statuses a Swift callback returns to its trampoline (n >= 0: n results) ---- */
#define SHIM_RAISE (-1) /* raise the value on top of the stack */
#define SHIM_AWAIT (-2) /* yield to the host; it resumes with (true, results...) or (false, error) */

/* Calls the Swift function `callee` (an opaque retained box) for the running closure. */
typedef int (*shim_Dispatch)(lua_State *L, void *callee);
/* Releases a retained Swift box when its Lua owner is collected. Must not fail. */
typedef void (*shim_Release)(void *box);
/* Receives bytes that `print` writes. */
typedef void (*shim_Writer)(void *ud, const char *s, size_t len);
/* Receives one piece of a warning; tocont says more pieces follow. */
typedef void (*shim_Warn)(void *ud, const char *msg, int tocont);
/* Receives the message of an unprotected error just before Lua aborts. */
typedef void (*shim_Panic)(const char *msg);

/* Installs the process-wide Swift entry points. Call once before any state exists. */
void shim_sethooks(shim_Dispatch dispatch, shim_Release release, shim_Panic panic);

/* ---- limits. A zero field is no limit. ---- */
typedef struct shim_Limits {
    size_t memory;                 /* bytes the state may hold while Lua code runs */
    unsigned long long instructions; /* instructions one slice may run without yielding */
    unsigned long long nanoseconds;  /* wall-clock time one slice may run without yielding */
} shim_Limits;

/* A new state with the panic handler installed, or NULL when out of memory. Its allocator
 * refuses growth beyond limits.memory while Lua code runs (not while a Swift callback or the
 * host between calls pushes values: those never see an allocation fail). With an instruction or
 * time limit, a count hook on the main thread (copied by lua_newthread into every coroutine)
 * raises "chunk:line: ran ... without yielding" once a slice passes it (time: the CPU time of
 * the thread running Lua); a slice starts when the
 * host enters Lua (shim_resume, shim_pcall) from outside it. Close it with shim_close. */
lua_State *shim_newstate(shim_Limits limits);
void shim_close(lua_State *L);
/* For a state with an instruction or time limit, after opening the libraries: replaces
 * debug.sethook and debug.gethook with versions that keep the script's hook beside the budget:
 * the host's hook calls the script's function for the events and count it asked for, and
 * gethook answers what the script set, so a script can neither see nor remove the budget. */
void shim_openhooks(lua_State *L);
/* Replaces setmetatable and debug.setmetatable with versions that run each metatable's __gc
 * function under the budget, on a thread of its own (Lua runs finalizers with hooks off). The
 * sandbox's, where containment comes before fidelity: the finalizer no longer runs as one to
 * the debug library, and the metatable holds the wrapper. A __gc stored in a metatable after
 * it was set on an object is not guarded: README says so. */
void shim_guardfinalizers(lua_State *L);
/* Replaces the coroutine library's functions (shim_coroutine.c): awaits pass through the
 * script's coroutines, and the host task is the main thread to them. `cannotawait` is the
 * error an await gets where it cannot wait (inside a C call such as a metamethod). */
void shim_opencoroutines(lua_State *L, const char *cannotawait);
/* Whether the memory limit refused an allocation since the last call; clears the flag. */
int shim_memoryrefused(lua_State *L);
/* lua_resume of a host task, as a slice: the budget starts again and the memory limit applies;
 * to the coroutine functions, co is the main thread while it runs. */
int shim_resume(lua_State *co, lua_State *from, int nargs, int *nresults);
/* Pushes onto L "chunk:line: " of the innermost Lua function of the errored coroutine co, or "". */
void shim_pushcowhere(lua_State *L, lua_State *co);

/* Pushes the null sentinel: the one value that stands for JSON's null (showcall.null), an
 * empty userdata that prints as "null". Every state has it from shim_newstate. */
void shim_pushnull(lua_State *L);
/* Whether the value at idx is the null sentinel. */
int shim_isnull(lua_State *L, int idx);

/* Pushes a Lua function that calls the Swift box `callee`; Lua owns one retain of it. */
void shim_pushfunction(lua_State *L, void *callee);

/* ---- process-wide bindings: a Swift @convention(c) function called by a light C function.
 * No upvalue and no closure to reach, so a call costs what a C function call costs. ---- */
typedef int (*shim_Binding)(lua_State *L);
#define SHIM_BINDINGS 64
/* Reserves a slot for fn and returns its index, or -1 when every slot is taken. Thread-safe. */
int shim_reservebinding(shim_Binding fn);
/* Pushes the light C function of slot n. */
void shim_pushbinding(lua_State *L, int n);

/* Pushes a full userdata holding the retained Swift box `obj`; set its metatable after. */
void shim_pushobject(lua_State *L, void *obj);
/* The box a userdata made by shim_pushobject holds, or NULL (wrong kind, or released). */
void *shim_objectat(lua_State *L, int idx);
/* __gc for userdata made by shim_pushobject: releases the box exactly once. */
int shim_gc(lua_State *L);

/* Pushes the light userdata that marks a yield as a host await. */
void shim_pushawaitmarker(lua_State *L);
/* Whether the value at idx is the await marker. */
int shim_isawaitmarker(lua_State *L, int idx);

/* Calls the function below nargs arguments with a traceback handler, as a slice when called
 * from outside Lua (see shim_newstate). On error the original
 * error object is left on top and its traceback is stored for shim_pushtraceback. */
int shim_pcall(lua_State *L, int nargs, int nresults);
/* Pushes the traceback recorded by the last failed shim_pcall (or nil). */
void shim_pushtraceback(lua_State *L);
/* Moves the error object of the errored coroutine co onto L, then pushes co's traceback
 * headed by that error's message: L gets [error, traceback]. */
void shim_pushcotraceback(lua_State *L, lua_State *co);

/* Pushes tostring(value at idx), running __tostring protected; never raises. */
const char *shim_tolstring(lua_State *L, int idx, size_t *len);
/* Pushes the message lua5.4 prints for the error object at idx: a string as it is, else its
 * __tostring, else "(error object is a T value)". Never raises. */
const char *shim_errormessage(lua_State *L, int idx);
/* Pushes "chunk:line:" for the function at the given level, or "" (luaL_where). */
void shim_where(lua_State *L, int level);

/* Replaces print (writes through w; a plain C function like the original) and installs the
 * warning function w. */
void shim_setprint(lua_State *L, shim_Writer w, void *ud);
void shim_setwarn(lua_State *L, shim_Warn w, void *ud);

/* Resets a coroutine after an error, closing its to-be-closed variables (5.4.4 and later). */
int shim_closethread(lua_State *co, lua_State *from);

/* ---- C stdio, shared with Lua's io library (Swift 6 cannot touch stdout/stderr) ---- */
static inline void shim_writeout(const void *p, size_t n) { fwrite(p, 1, n, stdout); }
static inline void shim_writeerr(const void *p, size_t n) { fwrite(p, 1, n, stderr); }
static inline void shim_flushout(void) { fflush(stdout); }

/* ---- the state's owner ---- */
/* The Swift object that owns L's state, from any of its threads: the main thread's extra space
 * points to the state's record, whose first field is the owner, and every thread copies the
 * extra space when it is made. Precondition: shim_setowner has run. */
static inline void *shim_owner(lua_State *L) { return **(void ***)lua_getextraspace(L); }
/* Precondition: L is the main thread of a state shim_newstate made. */
void shim_setowner(lua_State *L, void *owner);

/* ---- macros re-exported as functions ---- */
static inline int shim_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int shim_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void shim_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void shim_newtable(lua_State *L) { lua_newtable(L); }
static inline void shim_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void shim_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void shim_replace(lua_State *L, int idx) { lua_replace(L, idx); }
static inline const char *shim_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }
static inline lua_Number shim_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline lua_Integer shim_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }
static inline void shim_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void *shim_newuserdata(lua_State *L, size_t size) { return lua_newuserdata(L, size); }
static inline int shim_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline int shim_pcallraw(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void shim_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int shim_ridx_mainthread(void) { return LUA_RIDX_MAINTHREAD; }
static inline int shim_ridx_globals(void) { return LUA_RIDX_GLOBALS; }
static inline const char *shim_release(void) { return LUA_RELEASE; }

#endif
