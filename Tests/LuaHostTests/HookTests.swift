import LuaHost
import Testing

@Suite("A script's own debug hooks beside the budget, and the host's functions as Lua's own")
struct HookTests {
    static let budget = LuaLimits(instructions: 2_000_000)

    @Test("a runaway loop with a script's line hook installed still stops at the budget; the hook saw its lines")
    func runawayWithALineHook() throws {
        let lua = try CapturedState(limits: Self.budget)
        let task = try lua.runTask("""
            lines = 0
            debug.sethook(function(event, line) lines = lines + 1 end, "l")
            while true do end
            """, name: "@spin.lua")
        #expect(task.status == .failed)
        #expect(task.error?.message.hasPrefix("spin.lua:3: ran ") == true, "\(String(describing: task.error))")
        #expect(task.error?.message.hasSuffix(" instructions without yielding (limit 2000000)") == true)
        try lua.runTask("print(lines > 1000)")
        #expect(lua.output == "true\n")
    }

    @Test("a runaway loop with a script's count hook stops too, whatever count it asked for")
    func runawayWithACountHook() throws {
        for count in [1, 7, 999, 1000, 1001, 5_000_000] {
            let lua = try CapturedState(limits: Self.budget)
            let task = try lua.runTask("""
                debug.sethook(function() end, "", \(count))
                local n = 0
                while true do n = n + 1 end
                """, name: "@spin.lua")
            #expect(task.status == .failed, "count \(count)")
            #expect(task.error?.message.contains("without yielding") == true, "count \(count): \(String(describing: task.error))")
        }
    }

    @Test("a loop that calls debug.sethook over and over cannot starve the budget of its count")
    func resettingTheHookInALoop() throws {
        let lua = try CapturedState(limits: Self.budget)
        let task = try lua.runTask("while true do debug.sethook() end", name: "@reset.lua")
        #expect(task.status == .failed)
        #expect(task.error?.message.hasPrefix("reset.lua:1: ran ") == true, "\(String(describing: task.error))")
    }

    @Test("debug.gethook answers the script's hook, mask and count, or nothing; never the budget's")
    func gethookAnswersTheScriptsHook() throws {
        let lua = try CapturedState(limits: Self.budget)
        let task = try lua.runTask("""
            print(debug.gethook())
            local function f() end
            debug.sethook(f, "lcr", 3)
            local g, mask, count = debug.gethook()
            print(g == f, mask, count)
            local co = coroutine.create(function() end)
            print(debug.gethook(co))
            debug.sethook(co, f, "c")
            print(debug.gethook(co) == f, select(2, debug.gethook(co)))
            debug.sethook()
            print(debug.gethook())
            """)
        #expect(task.status == .finished, "\(String(describing: task.error))")
        #expect(lua.output == "nil\ntrue\tcrl\t3\nnil\ntrue\tc\t0\nnil\n")
    }

    @Test("a count hook counts exactly as in Lua under the budget: 1, 4 and 4000 instructions")
    func countHooksCountExactly() throws {
        let lua = try CapturedState(limits: Self.budget)
        // db.lua's own check, from Lua 5.4.4's test suite.
        let task = try lua.runTask("""
            local a = 0
            debug.sethook(function() a = a + 1 end, "", 1)
            a = 0; for i = 1, 1000 do end; local one = a
            debug.sethook(function() a = a + 1 end, "", 4)
            a = 0; for i = 1, 1000 do end; local four = a
            debug.sethook(function() a = a + 1 end, "", 4000)
            a = 0; for i = 1, 1000 do end; local many = a
            debug.sethook()
            print(1000 < one and one < 1012, 250 < four and four < 255, many)
            """)
        #expect(task.status == .finished, "\(String(describing: task.error))")
        #expect(lua.output == "true\ttrue\t0\n")
    }

    @Test("print, the coroutine functions, debug.sethook and debug.gethook look like Lua's own C functions")
    func replacedFunctionsLookLikeTheOriginals() throws {
        for limits in [LuaLimits.none, Self.budget] {
            let lua = try CapturedState(limits: limits)
            let task = try lua.runTask("""
                local names = { "print", "setmetatable", "coroutine.resume", "coroutine.wrap", "coroutine.yield",
                  "coroutine.running", "coroutine.status", "coroutine.isyieldable", "coroutine.close",
                  "debug.sethook", "debug.gethook" }
                local differ = {}
                for _, name in ipairs(names) do
                  local f = load("return " .. name)()
                  local i = debug.getinfo(f, "Su")
                  if i.what ~= "C" or i.short_src ~= "[C]" or i.nups ~= 0 or i.nparams ~= 0 or not i.isvararg then
                    differ[#differ + 1] = name
                  end
                end
                print(#differ == 0 and "none" or table.concat(differ, " "))
                print(debug.getinfo(coroutine.wrap(print), "u").nups)
                """)
            #expect(task.status == .finished, "\(String(describing: task.error))")
            #expect(lua.output == "none\n1\n", "limits \(limits)")
        }
    }
}
