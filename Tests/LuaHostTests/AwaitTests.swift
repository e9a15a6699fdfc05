import Dispatch
import LuaHost
import Testing

/// Bindings that wait: `later(v)` resumes with v from another thread after a moment,
/// `fail_later(msg)` resumes with an error, `now(v)` resumes at once on the loop thread.
private func installAwaits(_ lua: LuaState) {
    lua.setGlobal("later", function: { call in
        let value = try call.argument(1, as: LuaValue.self)
        return try call.await { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(5)) {
                continuation.resume(returning: [value, "done"])
            }
        }
    })
    lua.setGlobal("fail_later", function: { call in
        let message = try call.argument(1, as: String.self)
        return try call.await { continuation in
            DispatchQueue.global().async { continuation.resume(throwing: LuaHostError.conversion(message)) }
        }
    })
    lua.setGlobal("now", function: { call in
        let value = try call.argument(1, as: LuaValue.self)
        return try call.await { $0.resume(returning: [value]) }
    })
}

@Suite("Awaits: suspending a coroutine until the host resumes it")
struct AwaitTests {
    @Test("an await resumed later, from another thread, with values")
    func resumedWithValue() throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        let task = try lua.runTask("local a, b = later(42) print(a, b) print(now('again'))")
        #expect(task.status == .finished)
        #expect(lua.output == "42\tdone\nagain\n")
    }

    @Test("an await resumed with an error raises at the await, catchable by pcall")
    func resumedWithError() throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        let task = try lua.runTask("""
            local ok, err = pcall(function() local v = fail_later('stream refused') return v end)
            print(ok, tostring(err))
            fail_later('uncaught')
            """, name: "@err.lua")
        #expect(lua.output == "false\terr.lua:1: stream refused\n")
        #expect(task.error?.message == "err.lua:3: uncaught")
    }

    @Test("an await inside the script's own coroutines reaches the host; their yields stay theirs")
    func insideUserCoroutine() throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        try lua.runTask("""
            local gen = coroutine.wrap(function()
              for i = 1, 3 do coroutine.yield(later(i)) end
            end)
            print(gen(), gen(), gen())
            local co = coroutine.create(function(x)
              local y = coroutine.yield(now(x) + 1)
              return fail_later('in co ' .. y)
            end)
            print(coroutine.resume(co, 10))
            local ok, err = coroutine.resume(co, 'two')
            print(ok, tostring(err), coroutine.status(co))
            """, name: "@co.lua")
        #expect(lua.output == "1\t2\t3\tdone\ntrue\t11\nfalse\tco.lua:7: in co two\tdead\n")
    }

    @Test("the main chunk looks like the main thread to the coroutine library")
    func mainLooksMain() throws {
        let lua = try CapturedState()
        try lua.runTask("""
            local co, ismain = coroutine.running()
            print(ismain, coroutine.isyieldable(), coroutine.status(co))
            print(pcall(coroutine.yield, 1))
            print(coroutine.wrap(function() return coroutine.isyieldable(), select(2, coroutine.running()) end)())
            """)
        #expect(lua.output == "true\tfalse\trunning\nfalse\tattempt to yield from outside a coroutine\ntrue\tfalse\n")
    }

    @Test("an await where Lua cannot yield is a clear error, not a crash",
          arguments: [
              "tostring(setmetatable({}, { __tostring = function() return now('x') end }))",
              "table.sort({3, 2, 1}, function(a, b) return now(a) < b end)",
              "string.gsub('ab', '.', function(c) return now(c) end)",
              "require('waits_in_main_chunk')",
          ])
    func cannotYield(code: String) throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        let task = try lua.runTask("""
            package.preload.waits_in_main_chunk = function() return now(1) end
            local ok, err = pcall(function() return \(code) end) print(ok, tostring(err))
            """, name: "@y.lua")
        #expect(task.status == .finished)
        #expect(lua.output.hasPrefix("false\ty.lua:"))
        #expect(lua.output.contains(": cannot wait here: 'now' needs a coroutine that can yield"))
    }

    @Test("an await called from Swift's main thread (no task) is a clear error")
    func noTask() throws {
        let lua = try LuaState()
        installAwaits(lua)
        #expect(throws: LuaError.self) { try lua.run("now(1)") }
    }

    @Test("an await inside a user coroutine resumed where the resumer cannot yield fails inside that coroutine")
    func relayCannotYield() throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        try lua.runTask("""
            local co = coroutine.wrap(function() return now(5) end)
            local ok, err = pcall(table.sort, {2, 1}, function(a, b) co() return a < b end)
            print(ok, (tostring(err):gsub('^.-cannot', 'cannot'):sub(1, 15)))
            """)
        #expect(lua.output == "false\tcannot wait her\n")
    }

    @Test("a cancelled await raises its error at the await and runs the coroutine's cleanup")
    func cancel() throws {
        let lua = try CapturedState()
        var cancelled = 0
        lua.state.setGlobal("forever", function: { call in
            try call.await { $0.onCancel = { cancelled += 1 } }
        })
        let task = try lua.state.spawn(try lua.state.load("""
            local guard <close> = setmetatable({}, { __close = function() print('cleanup ran') end })
            forever()
            print('not reached')
            """, name: "@c.lua"))
        #expect(task.status == .awaiting)
        task.cancel(with: LuaHostError.conversion("show aborted"))
        lua.state.loop.run(until: { task.isDone })
        #expect(cancelled == 1)
        #expect(task.error?.message == "c.lua:2: show aborted")
        #expect(lua.output == "cleanup ran\n")
    }

    @Test("many tasks wait at once and each gets its own answer")
    func many() throws {
        let lua = try CapturedState()
        installAwaits(lua.state)
        let body = try lua.state.load("local i = ... local v = later(i) assert(v == i) return v", name: "=many")
        let tasks = try (1 ... 500).map { try lua.state.spawn(body, args: [Int64($0)]) }
        lua.state.loop.run(until: { tasks.allSatisfy(\.isDone) })
        #expect(tasks.map(\.results) == (1 ... 500).map { [LuaValue.integer(Int64($0))] })
    }
}
