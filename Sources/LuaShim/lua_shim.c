/* lua_shim.c - see lua_shim.h. Every function here is a few lines on purpose. */
#include "lua_shim.h"
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static shim_Dispatch dispatch;
static shim_Release release;
static shim_Panic panicked;

static const char FUNCTION_BOX[] = "showcall.functionbox";
static const char TRACEBACK_KEY[] = "showcall.traceback";
static char AWAIT_MARKER;

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

/* ---- limits ---- */

/* The allocator's user data: memory accounting and the budget of the running slice. */
typedef struct Host {
    shim_Limits limits;
    size_t used;
    int refused;
    int depth;                /* host entries into Lua now running (shim_resume, shim_pcall) */
    unsigned long long ran;   /* instructions in this slice, counted a hook period at a time */
    unsigned long long start; /* monotonic ns at the slice's first hook; 0 before it */
    unsigned long long elapsed;
    int tripped;              /* 0, or which limit the slice passed: 1 instructions, 2 time */
} Host;

/* A Swift callback is running on this thread: it pushes its results with raw calls that must
 * never raise, so the memory limit does not apply to them. */
static _Thread_local int in_swift;

/* Instructions between two calls of the hook, which reads the clock. (Any count hook makes the
 * VM stop at every instruction to count it; the period only sets how often the hook runs.) */
#define HOOK_PERIOD 1000

static Host *host(lua_State *L) {
    void *ud;
    lua_getallocf(L, &ud);
    return (Host *)ud;
}

static void *allocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    Host *h = (Host *)ud;
    size_t old = ptr ? osize : 0; /* without ptr, osize is the kind of object */
    if (nsize == 0) {
        free(ptr);
        h->used -= old;
        return NULL;
    }
    size_t cap = h->limits.memory;
    if (nsize > old && cap && h->depth > 0 && !in_swift && (h->used > cap || nsize - old > cap - h->used)) {
        h->refused = 1;
        return NULL; /* Lua collects garbage and tries once more before raising LUA_ERRMEM */
    }
    void *p = realloc(ptr, nsize);
    if (p) h->used = h->used - old + nsize;
    return p;
}

static unsigned long long monotonic(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

static void budget(lua_State *L, lua_Debug *ar) {
    (void)ar;
    Host *h = host(L);
    int count = lua_gethookcount(L);
    if (h->depth == 0 || !h->tripped) {
        /* A coroutine that tripped in an earlier slice counts by one: back to the period. */
        if (count != HOOK_PERIOD) lua_sethook(L, budget, LUA_MASKCOUNT, HOOK_PERIOD);
        if (h->depth == 0) return; /* the host reading a value between slices: no budget */
        h->ran += (unsigned long long)count;
        unsigned long long now = monotonic();
        if (h->start == 0) h->start = now;
        if (h->limits.instructions && h->ran > h->limits.instructions) h->tripped = 1;
        else if (h->limits.nanoseconds && now - h->start > h->limits.nanoseconds) h->tripped = 2;
        else return;
        h->elapsed = now - h->start;
    }
    /* From now on every instruction of the slice raises again, so a pcall cannot swallow it. */
    lua_sethook(L, budget, LUA_MASKCOUNT, 1);
    char text[160];
    if (h->tripped == 1)
        snprintf(text, sizeof text, "ran %llu instructions without yielding (limit %llu)", h->ran,
                 h->limits.instructions);
    else
        snprintf(text, sizeof text, "ran for %.2f s without yielding (limit %g s)", (double)h->elapsed / 1e9,
                 (double)h->limits.nanoseconds / 1e9);
    luaL_where(L, 0); /* in a hook, level 0 is the running function */
    lua_pushstring(L, text);
    lua_concat(L, 2);
    lua_error(L);
}

/* Enters Lua from the host: from outside Lua, a new slice with a fresh budget. Lua code runs
 * under the memory limit even when a Swift callback entered it; `leave` restores both. */
static Host *enter(lua_State *L, int *saved) {
    *saved = in_swift;
    in_swift = 0;
    Host *h = host(L);
    if (h->depth++ == 0) {
        h->ran = 0;
        h->start = 0;
        h->tripped = 0;
        h->refused = 0;
        lua_Hook current = lua_gethook(L);
        /* Coroutines inherit the hook from the main thread; this restores it after a trip. A
         * script's own debug.sethook on this coroutine wins over the budget. */
        if ((h->limits.instructions || h->limits.nanoseconds) && (current == NULL || current == budget)
            && lua_gethookcount(L) != HOOK_PERIOD)
            lua_sethook(L, budget, LUA_MASKCOUNT, HOOK_PERIOD);
    }
    return h;
}

static void leave(Host *h, int saved) {
    h->depth--;
    in_swift = saved;
}

/* The host pushes values without the memory limit (a raise then would cross Swift frames).
 * Back in C with those frames gone, a state over its limit after a full collection fails as
 * Lua's own out-of-memory error would: the pushed values become garbage and the state goes on.
 * Precondition: L runs Lua code (called from Lua, not from the host between calls).
 * Stack: [-n, +1, e] when it raises ("not enough memory" is interned: pushing it allocates nothing). */
static void checkmemory(lua_State *L) {
    Host *h = host(L);
    if (!h->limits.memory || h->used <= h->limits.memory) return;
    lua_gc(L, LUA_GCCOLLECT);
    if (h->used <= h->limits.memory) return;
    h->refused = 1;
    lua_pushliteral(L, "not enough memory");
    lua_error(L);
}

/* A finalizer wrapped by guard_gc: runs the script's __gc (upvalue 1) on a thread of its own.
 * Lua runs every finalizer with hooks off for the thread that collects, so a __gc that loops
 * would escape the budget; a fresh thread has hooks on (and the budget's hook, inherited).
 * lua_pcall, not lua_resume, so the finalizer still cannot yield, as in plain Lua. An error
 * goes on to Lua, which reports it as the warning "error in __gc". */
static int guarded_gc(lua_State *L) {
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 2);
    int saved;
    Host *h = enter(co, &saved);
    int status = lua_pcall(co, 1, 0, 0);
    leave(h, saved);
    if (status != LUA_OK) {
        lua_xmove(co, L, 1);
        return lua_error(L);
    }
    return 0;
}

/* Wraps mt.__gc (mt at index idx) with guarded_gc, once: any value, since Lua calls a table
 * through its __call (and reports a value it cannot call as a warning, as the wrapper's pcall
 * does). Stack: [-0, +0, m]. */
static void guard_gc(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushliteral(L, "__gc");
    int t = lua_rawget(L, idx);
    if (t != LUA_TNIL && !(t == LUA_TFUNCTION && lua_tocfunction(L, -1) == guarded_gc)) {
        lua_pushliteral(L, "__gc");
        lua_insert(L, -2);
        lua_pushcclosure(L, guarded_gc, 1);
        lua_rawset(L, idx); /* raw, as Lua reads it: the metatable's own metatable has no say */
        return;
    }
    lua_pop(L, 1);
}

/* luaB_setmetatable, guarding the metatable's finalizer on the way. */
static int guarded_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    if (t == LUA_TTABLE) guard_gc(L, 2);
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* db_setmetatable, guarding the metatable's finalizer on the way. */
static int guarded_debugsetmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) guard_gc(L, 2);
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

void shim_guardfinalizers(lua_State *L) {
    lua_pushcfunction(L, guarded_setmetatable);
    lua_setglobal(L, "setmetatable");
    if (lua_getglobal(L, "debug") == LUA_TTABLE) {
        lua_pushcfunction(L, guarded_debugsetmetatable);
        lua_setfield(L, -2, "setmetatable");
    }
    lua_pop(L, 1);
}

lua_State *shim_newstate(shim_Limits limits) {
    Host *h = (Host *)calloc(1, sizeof(Host));
    if (!h) return NULL;
    h->limits = limits;
    lua_State *L = lua_newstate(allocate, h);
    if (!L) {
        free(h);
        return NULL;
    }
    lua_atpanic(L, atpanic);
    if (limits.instructions || limits.nanoseconds) lua_sethook(L, budget, LUA_MASKCOUNT, HOOK_PERIOD);
    return L;
}

void shim_close(lua_State *L) {
    Host *h = host(L);
    lua_close(L);
    free(h);
}

int shim_memoryrefused(lua_State *L) {
    Host *h = host(L);
    int refused = h->refused;
    h->refused = 0;
    return refused;
}

int shim_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
    int saved;
    Host *h = enter(co, &saved);
    int status = lua_resume(co, from, nargs, nresults);
    leave(h, saved);
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
        lua_pushlightuserdata(L, &AWAIT_MARKER);
        return lua_yieldk(L, 1, base, await_continue);
    }
    return lua_error(L);
}

static int trampoline(lua_State *L) {
    void *callee = *(void **)lua_touserdata(L, lua_upvalueindex(1));
    int saved = in_swift;
    in_swift = 1;
    int status = dispatch(L, callee);
    in_swift = saved;
    return finish(L, status);
}

static shim_Binding bindings[SHIM_BINDINGS];
static atomic_int nbindings;

#define SLOT(n) static int slot##n(lua_State *L) { \
    int saved = in_swift; \
    in_swift = 1; \
    int status = bindings[0##n](L); \
    in_swift = saved; \
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

/* ---- awaits ---- */

void shim_pushawaitmarker(lua_State *L) { lua_pushlightuserdata(L, &AWAIT_MARKER); }

int shim_isawaitmarker(lua_State *L, int idx) { return lua_touserdata(L, idx) == &AWAIT_MARKER; }

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
    Host *h = enter(L, &saved);
    int status = lua_pcall(L, 1, 1, 0);
    leave(h, saved);
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
    Host *h = enter(L, &saved);
    int status = lua_pcall(L, nargs, nresults, base);
    leave(h, saved);
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

/* luaB_print, writing through the host's writer instead of stdout. */
static int print(lua_State *L) {
    shim_Writer w = (shim_Writer)(size_t)lua_touserdata(L, lua_upvalueindex(1));
    void *ud = lua_touserdata(L, lua_upvalueindex(2));
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) w(ud, "\t", 1);
        w(ud, s, len);
        lua_pop(L, 1);
    }
    w(ud, "\n", 1);
    return 0;
}

void shim_setprint(lua_State *L, shim_Writer w, void *ud) {
    lua_pushlightuserdata(L, (void *)(size_t)w);
    lua_pushlightuserdata(L, ud);
    lua_pushcclosure(L, print, 2);
    lua_setglobal(L, "print");
}

void shim_setwarn(lua_State *L, shim_Warn w, void *ud) { lua_setwarnf(L, (lua_WarnFunction)w, ud); }
