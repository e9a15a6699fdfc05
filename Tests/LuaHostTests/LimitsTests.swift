import LuaHost
import Testing

@Suite("Limits: memory cap and the budget of code that runs without yielding")
struct LimitsTests {
    @Test("string.rep past the cap fails with a catchable out-of-memory error, and the state goes on")
    func hugeRep() throws {
        let lua = try CapturedState(limits: LuaLimits(memory: 64 << 20))
        // 2^40 bytes is past what string.rep builds at all; 2^30 is past the cap.
        let task = try lua.runTask("""
            print(pcall(string.rep, "x", 2^40))
            print(pcall(string.rep, "x", 2^30))
            local s = string.rep("x", 2^30)
            """, name: "@rep.lua")
        #expect(lua.output == "false\tresulting string too large\nfalse\tnot enough memory\n")
        #expect(task.status == .failed)
        #expect(task.error?.kind == .memory)
        #expect(task.error?.message == "rep.lua:3: out of memory (limit 64 MB)")
        try lua.runTask("print(#string.rep('y', 1000))")
        #expect(lua.output.hasSuffix("1000\n"))
    }

    @Test("a table grown without bound stops at the cap; the task fails cleanly and the state goes on")
    func allocationBomb() throws {
        let lua = try CapturedState(limits: LuaLimits(memory: 32 << 20))
        let task = try lua.runTask("""
            local t = {}
            local i = 0
            while true do
              i = i + 1
              t[i] = ("%d"):rep(16):format(i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i)
            end
            """, name: "@bomb.lua")
        #expect(task.status == .failed)
        #expect(task.error?.kind == .memory)
        #expect(task.error?.message.hasPrefix("bomb.lua:") == true)
        #expect(task.error?.message.hasSuffix(": out of memory (limit 32 MB)") == true)
        // The table died with its task: the memory comes back and Lua runs on in the same state.
        try lua.runTask("""
            local t = {}
            for i = 1, 10000 do t[i] = tostring(i) end
            print(#t, collectgarbage("count") < 32 * 1024)
            """)
        #expect(lua.output == "10000\ttrue\n")
    }

    @Test("pcall catches the out-of-memory error inside the script")
    func caughtInScript() throws {
        let lua = try CapturedState(limits: LuaLimits(memory: 16 << 20))
        let task = try lua.runTask("""
            local ok, err = pcall(function()
              local t = {}
              for i = 1, math.huge do t[i] = {} end
            end)
            print(ok, err)
            """)
        #expect(task.status == .finished)
        #expect(lua.output == "false\tnot enough memory\n")
    }

    @Test("a loop past the instruction budget fails naming its line; pcall cannot swallow it")
    func instructionBudget() throws {
        let lua = try CapturedState(limits: LuaLimits(instructions: 100_000))
        let task = try lua.runTask("""
            local n = 0
            while true do
              pcall(function() while true do n = n + 1 end end)
            end
            """, name: "@spin.lua")
        #expect(task.status == .failed)
        #expect(task.error?.message.hasPrefix("spin.lua:") == true)
        #expect(task.error?.message.contains("instructions without yielding (limit 100000)") == true)
        // The next slice has its budget again.
        try lua.runTask("local n = 0 for i = 1, 50000 do n = n + i end print(n)")
        #expect(lua.output == "1250025000\n")
    }

    @Test("a loop past the time budget fails with the line; so does a call from Swift on the main thread")
    func timeBudget() throws {
        let lua = try CapturedState(limits: LuaLimits(seconds: 0.2))
        let task = try lua.runTask("local x = 0\nwhile true do\n  x = x + 1\nend\n", name: "@loop.lua")
        #expect(task.status == .failed)
        let message = task.error?.message ?? ""
        #expect(message.hasPrefix("loop.lua:2: ran for 0.") || message.hasPrefix("loop.lua:3: ran for 0."))
        #expect(message.hasSuffix(" s without yielding (limit 0.2 s)"))
        #expect(throws: LuaError.self) { try lua.state.run("while true do end", name: "@main.lua") }
    }

    @Test("an await ends the slice: a task that sleeps between bursts runs past the budget in total")
    func awaitsResetTheBudget() throws {
        let lua = try CapturedState(limits: LuaLimits(instructions: 200_000))
        lua.state.setGlobal("pause", function: { call in try call.await { $0.resume() } })
        let task = try lua.runTask("""
            local n = 0
            for burst = 1, 10 do
              for i = 1, 10000 do n = n + 1 end
              pause()
            end
            print(n)
            """)
        #expect(task.status == .finished)
        #expect(lua.output == "100000\n")
    }
}

@Suite("Limits: what the host pushes counts against the cap")
struct HostPushLimitsTests {
    @Test("a large table from Swift, pushed with the state within bytes of its cap, fails as out-of-memory; the state goes on")
    func largeTableAtTheCap() throws {
        let lua = try CapturedState(limits: LuaLimits(memory: 8 << 20))
        lua.state.setGlobal("big", function: { call in
            try call.returning(LuaValue.table(LuaTable(array: (1 ... 100_000).map { .string(LuaString("row \($0)")) })))
        })
        let task = try lua.runTask("""
            local hog = {}
            local filled = pcall(function() for i = 1, math.huge do hog[i] = {} end end)
            local pushed, err = pcall(big)
            hog = nil
            collectgarbage()
            local again, t = pcall(big)
            print(filled, pushed, err, again, #t)
            """)
        #expect(task.status == .finished, "\(String(describing: task.error))")
        #expect(lua.output == "false\tfalse\tnot enough memory\ttrue\t100000\n")
    }
}
