// Host benchmarks, each a comparison measured in one process:
//   binding  - calling no-op Swift functions from Lua against no-op C functions: a LuaBinding
//              (process-wide, a light C function) against a bare light lua_CFunction, and a
//              Swift closure (per state, reached through an upvalue) against a C closure that
//              reaches its context through an upvalue the same way
//   await    - one await-and-resume round trip through the host's run loop
//   limits   - a pure-Lua loop in a state with the standard limits (a count hook every 1,000
//              instructions, the capped allocator) against the same loop in a state without
// Prints one line per figure: name, value, unit, target.
import Dispatch
import LuaHost
import NativeLua

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

let lua = try LuaState()
lua.setGlobal("swiftnop", function: { _ in .none })
try lua.setGlobal("swiftbound", LuaBinding { L in LuaBinding.run(L, name: "swiftbound") { _ in .none } })
native_register_nop(lua.rawState)
native_register_bound(lua.rawState)
let calls = 10_000_000
let loop = { (name: String) in try lua.load("local f = \(name) for _ = 1, \(calls) do f() end", name: "=bench") }
let loops = [("swift", try loop("swiftnop")), ("swift_bound", try loop("swiftbound")),
             ("c_bare", try loop("cnop")), ("c_bound", try loop("cbound"))]

// Interleave the three so drift on a noisy machine hits all alike; compare medians.
var times: [String: [Double]] = [:]
for _ in 0 ..< 9 {
    for (name, chunk) in loops { times[name, default: []].append(try seconds { try chunk.call() }) }
}
let per = times.mapValues { median($0) / Double(calls) * 1e9 }
print("binding.swift_closure_call\t\(String(format2: per["swift"]!))\tns/call")
print("binding.swift_binding_call\t\(String(format2: per["swift_bound"]!))\tns/call")
print("binding.c_bare_call\t\(String(format2: per["c_bare"]!))\tns/call")
print("binding.c_bound_call\t\(String(format2: per["c_bound"]!))\tns/call")
print("binding.binding_vs_c_bare\t\(String(format2: per["swift_bound"]! / per["c_bare"]!))\tx\t<= 1.20")
print("binding.closure_vs_c_bound\t\(String(format2: per["swift"]! / per["c_bound"]!))\tx\t")

lua.setGlobal("tick", function: { call in try call.await { $0.resume() } })
let rounds = 2_000_000
let awaitLoop = try lua.load("for _ = 1, \(rounds) do tick() end", name: "=bench")
var awaitTimes: [Double] = []
for _ in 0 ..< 5 {
    awaitTimes.append(try seconds {
        let task = try lua.spawn(awaitLoop)
        lua.loop.run(until: { task.isDone })
    })
}
print("await.round_trip\t\(String(format2: median(awaitTimes) / Double(rounds) * 1e9))\tns\t<= 1000")

// The budget's count hook makes the VM stop at every instruction to count it, whatever the hook's
// period; the allocator's cap costs a comparison per allocation. Interleaved, medians compared.
let work = "local t, n = {}, 0 for i = 1, 5000000 do n = n + i % 7; if i % 64 == 0 then t[#t + 1] = tostring(i) end end"
let plainState = try LuaState()
let limitedState = try LuaState(limits: .standard)
let plainLoop = try plainState.load(work, name: "=bench")
let limitedLoop = try limitedState.load(work, name: "=bench")
var plainTimes: [Double] = [], limitedTimes: [Double] = []
for _ in 0 ..< 9 {
    plainTimes.append(try seconds { try plainLoop.call() })
    limitedTimes.append(try seconds { try limitedLoop.call() })
}
print("limits.lua_loop_plain\t\(String(format2: median(plainTimes) * 1e3))\tms")
print("limits.lua_loop_limited\t\(String(format2: median(limitedTimes) * 1e3))\tms")
print("limits.limited_vs_plain\t\(String(format2: median(limitedTimes) / median(plainTimes)))\tx\t")

extension String {
    init(format2 value: Double) {
        let scaled = (value * 100).rounded() / 100
        self = "\(scaled)"
    }
}
