/* shim_coroutine.c - the coroutine library as scripts see it under the host (lcorolib.c, with
 * two changes):
 *   - an await of the host made inside a script's own coroutine passes through every resume
 *     and wrap between it and the host task, and the answer comes back the same way, while
 *     the script's own yields stay between its coroutines (as OpenResty and cqueues do);
 *   - the host task being resumed is, to the script, the main thread: running() answers the
 *     main thread, isyieldable() is false and yield() fails, and the main thread given to
 *     status, resume, close or isyieldable stands for that task.
 * Plain C functions, like the originals, so that debug.getinfo cannot tell them apart. */
#include "shim_host.h"

static char AWAIT_MARKER;
static char CANNOT_AWAIT; /* registry[&CANNOT_AWAIT]: the error for an await where none can wait */

void shim_pushawaitmarker(lua_State *L) { lua_pushlightuserdata(L, &AWAIT_MARKER); }

int shim_isawaitmarker(lua_State *L, int idx) { return lua_touserdata(L, idx) == &AWAIT_MARKER; }

lua_State *shim_script_thread(lua_State *L, lua_State *co) {
    Host *h = shim_host(L);
    if (h->task) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
        lua_State *main = lua_tothread(L, -1);
        lua_pop(L, 1);
        if (co == main) return h->task;
    }
    return co;
}

static lua_State *getco(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return shim_script_thread(L, co);
}

/* Whether L is the host task: what the script takes for the main thread. */
static int istask(lua_State *L) { return shim_host(L)->task == L; }

/* auxresume, relaying awaits: resumes co with the top narg values of L. A yield of the await
 * marker is the host's, not the script's: L yields it on (continuing in k, which resumes co
 * with the answer), or, where L cannot yield, co gets the error an await gets there.
 * Returns the number of results moved onto L, or -1 with the error on top of L. */
static int auxresume(lua_State *L, lua_State *co, int narg, lua_KFunction k) {
    for (;;) {
        int nres;
        if (!lua_checkstack(co, narg)) {
            lua_pushliteral(L, "too many arguments to resume");
            return -1;
        }
        lua_xmove(L, co, narg);
        int status = lua_resume(co, L, narg, &nres);
        if (status == LUA_YIELD && nres == 1 && shim_isawaitmarker(co, -1)) {
            if (lua_isyieldable(L)) {
                lua_xmove(co, L, 1);
                return lua_yieldk(L, 1, 0, k);
            }
            lua_pop(co, 1);
            lua_pushboolean(L, 0);
            lua_rawgetp(L, LUA_REGISTRYINDEX, &CANNOT_AWAIT);
            narg = 2;
            continue;
        }
        if (status == LUA_OK || status == LUA_YIELD) {
            if (!lua_checkstack(L, nres + 1)) {
                lua_pop(co, nres);
                lua_pushliteral(L, "too many results to resume");
                return -1;
            }
            lua_xmove(co, L, nres);
            return nres;
        }
        lua_xmove(co, L, 1);
        return -1;
    }
}

static int resumed(lua_State *L, int r) {
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

/* coroutine.resume, back from relaying an await: the stack is [co, answer...]. */
static int resume_k(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    (void)ctx;
    return resumed(L, auxresume(L, lua_tothread(L, 1), lua_gettop(L) - 1, resume_k));
}

static int coresume(lua_State *L) {
    lua_State *co = getco(L);
    return resumed(L, auxresume(L, co, lua_gettop(L) - 1, resume_k));
}

static int wrapped(lua_State *L, lua_State *co, int r) {
    if (r >= 0) return r;
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD) { /* an error in the coroutine */
        stat = shim_closethread(co, L);     /* close its to-be-closed variables */
        lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/* A wrapped coroutine's function, back from relaying an await: the stack is [answer...]. */
static int auxwrap_k(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    (void)ctx;
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    return wrapped(L, co, auxresume(L, co, lua_gettop(L), auxwrap_k));
}

static int auxwrap(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    return wrapped(L, co, auxresume(L, co, lua_gettop(L), auxwrap_k));
}

static int cowrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *NL = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, NL, 1);
    lua_pushcclosure(L, auxwrap, 1);
    return 1;
}

static int coyield(lua_State *L) {
    if (istask(L)) {
        lua_pushliteral(L, "attempt to yield from outside a coroutine");
        return lua_error(L);
    }
    return lua_yield(L, lua_gettop(L));
}

enum { COS_RUN, COS_DEAD, COS_YIELD, COS_NORM };
static const char *const statname[] = {"running", "dead", "suspended", "normal"};

static int auxstatus(lua_State *L, lua_State *co) {
    if (L == co) return COS_RUN;
    switch (lua_status(co)) {
    case LUA_YIELD:
        return COS_YIELD;
    case LUA_OK: {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) return COS_NORM; /* it has frames: it is running */
        return lua_gettop(co) == 0 ? COS_DEAD : COS_YIELD;
    }
    default:
        return COS_DEAD;
    }
}

static int costatus(lua_State *L) {
    lua_State *co = getco(L);
    lua_pushstring(L, statname[auxstatus(L, co)]);
    return 1;
}

static int coisyieldable(lua_State *L) {
    lua_State *co = lua_isnone(L, 1) ? L : getco(L);
    lua_pushboolean(L, !istask(co) && lua_isyieldable(co));
    return 1;
}

static int corunning(lua_State *L) {
    if (istask(L)) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
        lua_pushboolean(L, 1);
        return 2;
    }
    int ismain = lua_pushthread(L);
    lua_pushboolean(L, ismain);
    return 2;
}

static int coclose(lua_State *L) {
    lua_State *co = getco(L);
    int status = auxstatus(L, co);
    if (status != COS_DEAD && status != COS_YIELD) return luaL_error(L, "cannot close a %s coroutine", statname[status]);
    if (shim_closethread(co, L) == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

void shim_opencoroutines(lua_State *L, const char *cannotawait) {
    static const luaL_Reg funcs[] = {
        {"resume", coresume}, {"running", corunning}, {"status", costatus}, {"wrap", cowrap},
        {"yield", coyield},   {"isyieldable", coisyieldable}, {"close", coclose}, {NULL, NULL},
    };
    lua_pushstring(L, cannotawait);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &CANNOT_AWAIT);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, LUA_COLIBNAME);
    luaL_setfuncs(L, funcs, 0);
    lua_pop(L, 2);
}
