/* shim_limits.c - the memory cap, the budget of a slice, and the script's own debug hooks
 * beside it (see shim_newstate in lua_shim.h). */
#include "shim_host.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Instructions between two calls of the hook, which reads the clock. (Any count hook makes the
 * VM stop at every instruction to count it; the period only sets how often the hook runs.) */
#define HOOK_PERIOD 1000

/* ---- memory ---- */

void *shim_allocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    Host *h = (Host *)ud;
    size_t old = ptr ? osize : 0; /* without ptr, osize is the kind of object */
    if (nsize == 0) {
        free(ptr);
        h->used -= old;
        return NULL;
    }
    size_t cap = h->limits.memory;
    if (nsize > old && cap && h->depth > 0 && !shim_inswift && (h->used > cap || nsize - old > cap - h->used)) {
        h->refused = 1;
        return NULL; /* Lua collects garbage and tries once more before raising LUA_ERRMEM */
    }
    void *p = realloc(ptr, nsize);
    if (p) h->used = h->used - old + nsize;
    return p;
}

/* ---- the budget ---- */

static unsigned long long nanoseconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

int shim_budgeted(const Host *h) { return h->limits.instructions || h->limits.nanoseconds; }

static void hook(lua_State *L, lua_Debug *ar);

/* Counts `count` more instructions against the running slice. Once it is past a limit, raises
 * "chunk:line: ran ... without yielding", naming the function at `level`, and arms the hook to
 * raise again at every further instruction of the slice, so that a pcall cannot swallow it.
 * Time is the CPU time of the thread running Lua, so that a busy machine does not stop a healthy
 * slice; the monotonic clock (cheap, and never behind it) says when it is worth reading.
 * Precondition: h->depth > 0 (a slice runs). Stack: [-0, +0, e]. */
static void charge(lua_State *L, Host *h, int count, int level) {
    if (!h->tripped) {
        h->ran += (unsigned long long)count;
        unsigned long long now = nanoseconds(CLOCK_MONOTONIC), limit = h->limits.nanoseconds;
        if (h->start == 0) {
            h->start = now;
            if (limit) h->cpustart = nanoseconds(CLOCK_THREAD_CPUTIME_ID);
        }
        if (h->limits.instructions && h->ran > h->limits.instructions) h->tripped = 1;
        else if (limit && now - h->start > limit && nanoseconds(CLOCK_THREAD_CPUTIME_ID) - h->cpustart > limit) h->tripped = 2;
        else return;
        h->elapsed = nanoseconds(CLOCK_THREAD_CPUTIME_ID) - h->cpustart;
    }
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    char text[160];
    if (h->tripped == 1)
        snprintf(text, sizeof text, "ran %llu instructions without yielding (limit %llu)", h->ran,
                 h->limits.instructions);
    else
        snprintf(text, sizeof text, "ran for %.2f s without yielding (limit %g s)", (double)h->elapsed / 1e9,
                 (double)h->limits.nanoseconds / 1e9);
    luaL_where(L, level);
    lua_pushstring(L, text);
    lua_concat(L, 2);
    lua_error(L);
}

/* ---- the script's hooks ----
 * debug.sethook and debug.gethook are replaced so that the budget's hook stays in place: the
 * script's function, mask and count are kept here, per thread, and the one hook Lua calls
 * counts the budget and calls the script's function for the events it asked for. */

/* A script's hook on one thread. Its function is where ldblib keeps it, in the weak-keyed
 * table registry._HOOKKEY, thread -> function, which scripts may read. */
typedef struct ScriptHook {
    int mask;  /* the LUA_MASK* bits the script asked for */
    int count; /* its count, as given */
    int left;  /* instructions until its next count event */
} ScriptHook;

static const char HOOKKEY[] = "_HOOKKEY";
static char RECORDS; /* registry[&RECORDS]: a weak-keyed table, thread -> ScriptHook userdata */

/* Pushes onto L the value of thread co in the registry table at key (light userdata when
 * `key` is NULL: &RECORDS), or fail when there is none. Stack: [-0, +1, m]. */
static int getbythread(lua_State *L, lua_State *co, const char *key) {
    int t = key ? lua_getfield(L, LUA_REGISTRYINDEX, key) : lua_rawgetp(L, LUA_REGISTRYINDEX, &RECORDS);
    if (t != LUA_TTABLE || (L != co && !lua_checkstack(co, 1))) {
        lua_pop(L, 1);
        luaL_pushfail(L);
        return LUA_TNIL;
    }
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    t = lua_rawget(L, -2);
    lua_remove(L, -2);
    return t;
}

/* The script's hook record of co, or NULL; the records table keeps it alive while co lives.
 * Stack: [-0, +0, m]. */
static ScriptHook *scripthook(lua_State *L, lua_State *co) {
    if (!shim_host(L)->scripthooks) return NULL;
    getbythread(L, co, NULL);
    ScriptHook *s = (ScriptHook *)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

/* Pushes onto L the registry table at key (light userdata when `key` is NULL: &RECORDS),
 * made weak-keyed (and, like ldblib's, its own metatable) if it was not there. Stack: [-0, +1, m]. */
static void bythread(lua_State *L, const char *key) {
    if ((key ? lua_getfield(L, LUA_REGISTRYINDEX, key) : lua_rawgetp(L, LUA_REGISTRYINDEX, &RECORDS)) == LUA_TTABLE) return;
    lua_pop(L, 1);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_pushvalue(L, -1);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    if (key) lua_setfield(L, LUA_REGISTRYINDEX, key);
    else lua_rawsetp(L, LUA_REGISTRYINDEX, &RECORDS);
}

/* Sets L's hook to what the budget and the script's record s need, leaving it be when it is
 * already that (lua_sethook restarts the count). Stack: [-0, +0, -]. */
static void arm(lua_State *L, const Host *h, const ScriptHook *s) {
    int mask = shim_budgeted(h) ? LUA_MASKCOUNT : 0;
    int count = HOOK_PERIOD;
    if (s) {
        mask |= s->mask;
        if ((s->mask & LUA_MASKCOUNT) && s->left < count) count = s->left;
    }
    if (lua_gethook(L) != (mask ? hook : NULL) || lua_gethookmask(L) != mask || lua_gethookcount(L) != count)
        lua_sethook(L, hook, mask, count);
}

void shim_armhook(lua_State *L) { arm(L, shim_host(L), scripthook(L, L)); }

/* Calls the script's hook function as ldblib's hookf does: (event name, line or nil).
 * Stack: [-0, +0, e]. */
static void callscript(lua_State *L, lua_Debug *ar) {
    static const char *const names[] = {"call", "return", "line", "count", "tail call"};
    if (getbythread(L, L, HOOKKEY) != LUA_TFUNCTION) {
        lua_pop(L, 1);
        return;
    }
    lua_pushstring(L, names[ar->event]);
    if (ar->currentline >= 0) lua_pushinteger(L, ar->currentline);
    else lua_pushnil(L);
    lua_call(L, 2, 0);
}

/* The one hook of every thread: counts the budget (count events, in a slice) and passes the
 * events the script asked for to its function. Lua runs that function with hooks off: its time
 * counts at the next event, and one that never returns is out of the budget's reach. */
static void hook(lua_State *L, lua_Debug *ar) {
    Host *h = shim_host(L);
    ScriptHook *s = scripthook(L, L);
    if (ar->event == LUA_HOOKCOUNT) {
        int count = lua_gethookcount(L); /* the instructions since the last count event */
        if (h->depth > 0 && shim_budgeted(h)) charge(L, h, count, 0);
        if (s && (s->mask & LUA_MASKCOUNT)) {
            s->left -= count;
            int due = s->left <= 0;
            if (due) s->left = s->count;
            arm(L, h, s);
            if (due) callscript(L, ar);
            return;
        }
        arm(L, h, s);
        return;
    }
    int event = ar->event == LUA_HOOKTAILCALL ? LUA_HOOKCALL : ar->event;
    if (s && (s->mask & (1 << event))) {
        /* Lua drops the count events that fall due inside the script's function (hooks are
         * off there), so a loop no longer than its hook could run uncounted: each event counts
         * as an instruction too, and reads the clock. */
        if (h->depth > 0 && shim_budgeted(h)) charge(L, h, 1, 0);
        callscript(L, ar);
    } else if (!s) {
        arm(L, h, s); /* a mask this thread inherited from the thread that made it */
    }
}

static lua_State *hookthread(lua_State *L, int *arg) {
    if (lua_isthread(L, 1)) {
        *arg = 1;
        return shim_script_thread(L, lua_tothread(L, 1));
    }
    *arg = 0;
    return L;
}

static int makemask(const char *smask, int count) {
    int mask = 0;
    if (strchr(smask, 'c')) mask |= LUA_MASKCALL;
    if (strchr(smask, 'r')) mask |= LUA_MASKRET;
    if (strchr(smask, 'l')) mask |= LUA_MASKLINE;
    if (count > 0) mask |= LUA_MASKCOUNT;
    return mask;
}

/* db_sethook, keeping the budget: records the script's hook for the thread, then arms the
 * thread's hook for both. Re-arming restarts the thread's count, so the running thread is
 * charged a hook period first: a loop that calls sethook cannot starve the budget. */
static int sethook(lua_State *L) {
    int arg, mask = 0, count = 0;
    lua_State *L1 = hookthread(L, &arg);
    if (!lua_isnoneornil(L, arg + 1)) {
        const char *smask = luaL_checkstring(L, arg + 2);
        luaL_checktype(L, arg + 1, LUA_TFUNCTION);
        count = (int)luaL_optinteger(L, arg + 3, 0);
        mask = makemask(smask, count);
    } else {
        lua_settop(L, arg + 1);
    }
    Host *h = shim_host(L);
    if (L1 == L && h->depth > 0) charge(L, h, lua_gethookcount(L), 1);
    if (L != L1 && !lua_checkstack(L1, 1)) return luaL_error(L, "stack overflow");
    bythread(L, HOOKKEY);
    lua_pushthread(L1);
    lua_xmove(L1, L, 1);
    lua_pushvalue(L, arg + 1);
    lua_rawset(L, -3); /* _HOOKKEY[L1] = the function (or nil) */
    bythread(L, NULL);
    lua_pushthread(L1);
    lua_xmove(L1, L, 1);
    ScriptHook *s = NULL;
    if (mask) {
        s = (ScriptHook *)lua_newuserdatauv(L, sizeof(ScriptHook), 0);
        s->mask = mask;
        s->count = count;
        s->left = count;
    } else {
        lua_pushnil(L);
    }
    lua_rawset(L, -3);
    h->scripthooks = 1;
    arm(L1, h, s);
    return 0;
}

/* db_gethook, answering what the script set: its function, mask and count, or fail. */
static int gethook(lua_State *L) {
    int arg;
    lua_State *L1 = hookthread(L, &arg);
    const ScriptHook *s = scripthook(L, L1);
    if (!s) {
        luaL_pushfail(L);
        return 1;
    }
    getbythread(L, L1, HOOKKEY);
    char smask[4];
    int i = 0;
    if (s->mask & LUA_MASKCALL) smask[i++] = 'c';
    if (s->mask & LUA_MASKRET) smask[i++] = 'r';
    if (s->mask & LUA_MASKLINE) smask[i++] = 'l';
    smask[i] = '\0';
    lua_pushstring(L, smask);
    lua_pushinteger(L, s->count);
    return 3;
}

/* ---- finalizers ---- */

/* A finalizer wrapped by guard_gc: runs the script's __gc (upvalue 1) on a thread of its own.
 * Lua runs every finalizer with hooks off for the thread that collects, so a __gc that loops
 * would escape the budget; a fresh thread has hooks on (armed as the budget needs).
 * lua_pcall, not lua_resume, so the finalizer still cannot yield, as in plain Lua. An error
 * goes on to Lua, which reports it as the warning "error in __gc". */
static int guarded_gc(lua_State *L) {
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 2);
    int saved;
    Host *h = shim_enter(co, &saved);
    int status = lua_pcall(co, 1, 0, 0);
    shim_leave(h, saved);
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

void shim_openhooks(lua_State *L) {
    if (lua_getglobal(L, "debug") == LUA_TTABLE) {
        lua_pushcfunction(L, sethook);
        lua_setfield(L, -2, "sethook");
        lua_pushcfunction(L, gethook);
        lua_setfield(L, -2, "gethook");
    }
    lua_pop(L, 1);
}
