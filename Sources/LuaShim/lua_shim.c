/* lua_shim.c - see lua_shim.h. Every function here is a few lines on purpose. */
#include "shim_host.h"
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>

static shim_Dispatch dispatch;
static shim_Release release;
static shim_Panic panicked;

static const char FUNCTION_BOX[] = "showcall.functionbox";
static const char TRACEBACK_KEY[] = "showcall.traceback";

void shim_sethooks(shim_Dispatch d, shim_Release r, shim_Panic p) {
    dispatch = d;
    release = r;
    panicked = p;
}

static int atpanic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    if (panicked) panicked(msg ? msg : "error object is not a string");
    return 0; /* Lua aborts */
}

/* ---- the state and its slices ---- */

_Thread_local int shim_inswift;

Host *shim_enter(lua_State *L, int *saved) {
    *saved = shim_inswift;
    shim_inswift = 0;
    Host *h = shim_host(L);
    if (h->depth++ == 0) {
        h->ran = 0;
        h->start = 0;
        h->tripped = 0;
        h->refused = 0;
    }
    /* Coroutines inherit their maker's hook, and a thread that tripped an earlier slice counts
     * by one: arm this one for the budget (and the script's own hook) again. */
    if (shim_budgeted(h)) shim_armhook(L);
    return h;
}

void shim_leave(Host *h, int saved) {
    h->depth--;
    shim_inswift = saved;
}

/* ---- the null sentinel ---- */

static char NULL_KEY; /* registry[&NULL_KEY]: the sentinel */

static int null_tostring(lua_State *L) {
    lua_pushliteral(L, "null");
    return 1;
}

/* Makes the sentinel: an empty full userdata whose metatable names it and hides itself.
 * Run protected: it allocates. Stack: [-0, +0, m]. */
static int makenull(lua_State *L) {
    Host *h = shim_host(L);
    h->null = lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 3);
    lua_pushliteral(L, "showcall.null");
    lua_setfield(L, -2, "__name");
    lua_pushcfunction(L, null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &NULL_KEY);
    return 0;
}

static int opennull(lua_State *L) {
    lua_pushcfunction(L, makenull);
    return lua_pcall(L, 0, 0, 0);
}

void shim_pushnull(lua_State *L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &NULL_KEY); }

int shim_isnull(lua_State *L, int idx) {
    return lua_type(L, idx) == LUA_TUSERDATA && lua_touserdata(L, idx) == shim_host(L)->null;
}

lua_State *shim_newstate(shim_Limits limits) {
    Host *h = (Host *)calloc(1, sizeof(Host));
    if (!h) return NULL;
    h->limits = limits;
    lua_State *L = lua_newstate(shim_allocate, h);
    if (!L) {
        free(h);
        return NULL;
    }
    *(Host **)lua_getextraspace(L) = h; /* shim_host's, before any other thread is made */
    lua_atpanic(L, atpanic);
    if (shim_budgeted(h)) shim_armhook(L); /* on the main thread, which every thread copies */
    if (opennull(L) != LUA_OK) {
        shim_close(L);
        return NULL;
    }
    return L;
}

void shim_setowner(lua_State *L, void *owner) { shim_host(L)->owner = owner; }

void shim_close(lua_State *L) {
    Host *h = shim_host(L);
    lua_close(L);
    free(h);
}

int shim_memoryrefused(lua_State *L) {
    Host *h = shim_host(L);
    int refused = h->refused;
    h->refused = 0;
    return refused;
}

int shim_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
    int saved;
    Host *h = shim_enter(co, &saved);
    lua_State *task = h->task;
    h->task = co;
    int status = lua_resume(co, from, nargs, nresults);
    h->task = task;
    shim_leave(h, saved);
    return status;
}

void shim_pushcowhere(lua_State *L, lua_State *co) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(co, level, &ar); level++) {
        lua_getinfo(co, "Sl", &ar);
        if (ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

/* The host pushes values without the memory limit (a raise then would cross Swift frames).
 * Back in C with those frames gone, a state over its limit after a full collection fails as
 * Lua's own out-of-memory error would: the pushed values become garbage and the state goes on.
 * Precondition: L runs Lua code (called from Lua, not from the host between calls).
 * Stack: [-n, +1, e] when it raises ("not enough memory" is interned: pushing it allocates nothing). */
static void checkmemory(lua_State *L) {
    Host *h = shim_host(L);
    if (!h->limits.memory || h->used <= h->limits.memory) return;
    lua_gc(L, LUA_GCCOLLECT);
    if (h->used <= h->limits.memory) return;
    h->refused = 1;
    lua_pushliteral(L, "not enough memory");
    lua_error(L);
}

/* ---- Swift functions ---- */

static int await_continue(lua_State *L, int status, lua_KContext base) {
    (void)status;
    checkmemory(L);
    if (!lua_toboolean(L, (int)base + 1)) {
        lua_settop(L, (int)base + 2);
        return lua_error(L);
    }
    lua_remove(L, (int)base + 1);
    return lua_gettop(L) - (int)base;
}

/* Acts on a Swift function's status, now that its frames are gone. */
static inline int finish(lua_State *L, int status) {
    if (status >= 0) {
        checkmemory(L);
        return status;
    }
    if (status == SHIM_AWAIT) {
        int base = lua_gettop(L);
        shim_pushawaitmarker(L);
        return lua_yieldk(L, 1, base, await_continue);
    }
    return lua_error(L);
}

static int trampoline(lua_State *L) {
    void *callee = *(void **)lua_touserdata(L, lua_upvalueindex(1));
    int saved = shim_inswift;
    shim_inswift = 1;
    int status = dispatch(L, callee);
    shim_inswift = saved;
    return finish(L, status);
}

static shim_Binding bindings[SHIM_BINDINGS];
static atomic_int nbindings;

#define SLOT(n) static int slot##n(lua_State *L) { \
    int saved = shim_inswift; \
    shim_inswift = 1; \
    int status = bindings[0##n](L); \
    shim_inswift = saved; \
    return finish(L, status); \
}
#define SLOTS8(h) SLOT(h##0) SLOT(h##1) SLOT(h##2) SLOT(h##3) SLOT(h##4) SLOT(h##5) SLOT(h##6) SLOT(h##7)
SLOTS8(0) SLOTS8(1) SLOTS8(2) SLOTS8(3) SLOTS8(4) SLOTS8(5) SLOTS8(6) SLOTS8(7)
#define NAMES8(h) slot##h##0, slot##h##1, slot##h##2, slot##h##3, slot##h##4, slot##h##5, slot##h##6, slot##h##7,
static const lua_CFunction slots[SHIM_BINDINGS] = {
    NAMES8(0) NAMES8(1) NAMES8(2) NAMES8(3) NAMES8(4) NAMES8(5) NAMES8(6) NAMES8(7)
};

int shim_reservebinding(shim_Binding fn) {
    int n = atomic_fetch_add(&nbindings, 1);
    if (n >= SHIM_BINDINGS) return -1;
    bindings[n] = fn;
    return n;
}

void shim_pushbinding(lua_State *L, int n) { lua_pushcfunction(L, slots[n]); }

int shim_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot && *slot) {
        void *box = *slot;
        *slot = NULL; /* released exactly once, even if __gc runs again after resurrection */
        release(box);
    }
    return 0;
}

void shim_pushfunction(lua_State *L, void *callee) {
    shim_pushobject(L, callee);
    if (luaL_newmetatable(L, FUNCTION_BOX)) {
        lua_pushcfunction(L, shim_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, trampoline, 1);
}

void shim_pushobject(lua_State *L, void *obj) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = obj;
}

void *shim_objectat(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || lua_rawlen(L, idx) != sizeof(void *)) return NULL;
    return *(void **)lua_touserdata(L, idx);
}

/* ---- errors ---- */

static int tolstring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

const char *shim_tolstring(lua_State *L, int idx, size_t *len) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, tolstring_protected);
    lua_pushvalue(L, idx);
    /* A __tostring is script code: it runs under the budget like any other (a slice of its own
     * when the host asks between calls), so one that loops is stopped. */
    int saved;
    Host *h = shim_enter(L, &saved);
    int status = lua_pcall(L, 1, 1, 0);
    shim_leave(h, saved);
    if (status != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, idx));
    }
    return lua_tolstring(L, -1, len);
}

const char *shim_errormessage(lua_State *L, int idx) {
    if (lua_type(L, idx) == LUA_TSTRING) {
        lua_pushvalue(L, idx);
        return lua_tostring(L, -1);
    }
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        return shim_tolstring(L, idx, NULL);
    }
    return lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, idx));
}

/* Records the traceback beside the error and returns the error object itself, so that a
 * Swift error travelling through Lua comes back as the same object. */
static int msgh(lua_State *L) {
    const char *msg = shim_errormessage(L, 1);
    luaL_traceback(L, L, msg, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
    lua_pop(L, 1);
    return 1;
}

int shim_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    int saved;
    Host *h = shim_enter(L, &saved);
    lua_State *task = h->task;
    if (h->depth == 1) h->task = NULL; /* the host calls in on its own, outside any task */
    int status = lua_pcall(L, nargs, nresults, base);
    h->task = task;
    shim_leave(h, saved);
    lua_remove(L, base);
    return status;
}

void shim_pushtraceback(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
}

void shim_pushcotraceback(lua_State *L, lua_State *co) {
    lua_xmove(co, L, 1); /* calls are not allowed on an errored thread: work on L */
    const char *msg = shim_errormessage(L, -1);
    luaL_traceback(L, co, msg, 0);
    lua_remove(L, -2);
}

void shim_where(lua_State *L, int level) { luaL_where(L, level); }

int shim_closethread(lua_State *co, lua_State *from) {
#if LUA_VERSION_RELEASE_NUM >= 50406
    return lua_closethread(co, from);
#else
    (void)from;
    return lua_resetthread(co);
#endif
}

/* ---- print and warn ---- */

/* luaB_print, writing through the host's writer instead of stdout: a plain C function, as
 * the original is, so that debug.getinfo cannot tell them apart. */
static int print(lua_State *L) {
    Host *h = shim_host(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) h->write(h->writeud, "\t", 1);
        h->write(h->writeud, s, len);
        lua_pop(L, 1);
    }
    h->write(h->writeud, "\n", 1);
    return 0;
}

void shim_setprint(lua_State *L, shim_Writer w, void *ud) {
    Host *h = shim_host(L);
    h->write = w;
    h->writeud = ud;
    lua_pushcfunction(L, print);
    lua_setglobal(L, "print");
}

void shim_setwarn(lua_State *L, shim_Warn w, void *ud) { lua_setwarnf(L, (lua_WarnFunction)w, ud); }
