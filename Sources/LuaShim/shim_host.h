/*
 * shim_host.h - what the shim's C files share, never Swift: the record each state keeps of its
 * limits and of the slice that runs now.
 */
#ifndef SHIM_HOST_H
#define SHIM_HOST_H

#include "lua_shim.h"

/* The allocator's user data, one per state: memory accounting, the budget of the running slice,
 * the host task it runs and where print writes. */
typedef struct Host {
    void *owner;              /* first: the Swift LuaState (shim_owner in lua_shim.h reads it) */
    shim_Limits limits;
    size_t used;
    int refused;
    int depth;                /* host entries into Lua now running (shim_resume, shim_pcall) */
    unsigned long long ran;   /* instructions in this slice, counted a hook period at a time */
    unsigned long long start; /* monotonic ns at the slice's first hook; 0 before it */
    unsigned long long cpustart; /* the thread's CPU time then, in ns */
    unsigned long long elapsed;  /* CPU time the slice had used when it tripped */
    int tripped;              /* 0, or which limit the slice passed: 1 instructions, 2 time */
    int scripthooks;          /* a script has called debug.sethook: the hook looks up its records */
    lua_State *task;          /* the host task being resumed, which scripts see as the main thread */
    shim_Writer write;        /* where print writes */
    void *writeud;
    const void *null;         /* the block of the null sentinel (shim_pushnull) */
} Host;

/* A Swift callback is running on this thread: it pushes its results with raw calls that must
 * never raise, so the memory limit does not apply to them. */
extern _Thread_local int shim_inswift;

/* The state's Host, kept in the main thread's extra space (LUA_EXTRASPACE), which every thread
 * copies when it is made: one load on every Swift function's return, where lua_getallocf is a
 * call into Lua. Precondition: shim_newstate has set it, before any other thread existed. */
static inline Host *shim_host(lua_State *L) { return *(Host **)lua_getextraspace(L); }
/* Whether the state counts slices (an instruction or time limit). */
int shim_budgeted(const Host *h);

/* Enters Lua from the host: from outside Lua, a new slice with a fresh budget. Lua code runs
 * under the memory limit even when a Swift callback entered it; shim_leave restores both. */
Host *shim_enter(lua_State *L, int *saved);
void shim_leave(Host *h, int saved);

/* Sets L's hook to what the budget and the script's own hook on L need. Stack: [-0, +0, -]. */
void shim_armhook(lua_State *L);
/* The allocator that enforces limits.memory. */
void *shim_allocate(void *ud, void *ptr, size_t osize, size_t nsize);
/* The thread a script means by co: the host task being resumed when co is the main thread. */
lua_State *shim_script_thread(lua_State *L, lua_State *co);

#endif
