import LuaHost
import Testing
@testable import ShowEngine

/// A show's declaration is checked where the script writes it: each mistake fails at the
/// script's line with the rule, before the show runs.
@Suite struct DeclarationTests {
    static let stepOptions = ["at", "tz", "skip_if_past", "after", "cue", "wait_for", "every", "guard", "run",
                              "actions", "on_failure", "retries", "backoff", "fallback", "cleanup"]
    static let showOptions = ["tz", "cleanup", "watch"]

    /// The slips a typist makes in `name`: a letter doubled, dropped (names of three letters or
    /// more), two neighbours swapped, the first capitalised.
    static func nearMisses(_ name: String) -> [String] {
        let c = Array(name)
        var out: Set<String> = []
        for i in c.indices {
            var doubled = c
            doubled.insert(c[i], at: i)
            out.insert(String(doubled))
            if c.count >= 3 {
                var dropped = c
                dropped.remove(at: i)
                out.insert(String(dropped))
            }
            if c.count >= 3, i + 1 < c.count, c[i] != c[i + 1] {
                var swapped = c
                swapped.swapAt(i, i + 1)
                out.insert(String(swapped))
            }
        }
        out.insert(name.prefix(1).uppercased() + name.dropFirst())
        return out.sorted()
    }

    /// Runs `call` (Lua, on line 4 of show.lua, with `show` and `s` in scope) for each value of
    /// `values` bound to `v`; returns each error message, or "ok".
    func messages(_ values: [String], _ call: String) throws -> [String] {
        let rig = try Rig()
        let r = try rig.run("""
            local show = require "showcall.show"
            local s = show.new("x")
            local out = {}
            for i, v in ipairs { \(values.joined(separator: ", ")) } do local ok, err = pcall(function() \(call) end)
              out[i] = ok and "ok" or tostring(err)
            end
            return table.concat(out, "\\n")
            """, name: "@show.lua")
        return (r.first?.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("every near-miss of every step and show option names the line and suggests the option")
    func nearMissNames() throws {
        let table: [(options: [String], call: String, place: String)] = [
            (Self.stepOptions, "s:step('doors', { [v] = true })", "step 'doors'"),
            (Self.showOptions, "show.new('evening', { [v] = true })", "show 'evening'"),
        ]
        for (options, call, place) in table {
            for option in options {
                let misses = Self.nearMisses(option).filter { !options.contains($0) }
                let got = try messages(misses.map { "'\($0)'" }, call)
                #expect(got == misses.map { "show.lua:4: unknown field '\($0)' in \(place); did you mean '\(option)'?" }, "\(option)")
            }
        }
        // Far from any option: no guess, the rule alone.
        #expect(try messages(["'colour'"], "s:step('doors', { [v] = true })") == ["show.lua:4: unknown field 'colour' in step 'doors'"])
    }

    @Test("durations are seconds or h/m/s strings, one reading for after, every and backoff")
    func durations() throws {
        for key in ["after", "every", "backoff"] {
            let good = try messages(["45", "'90s'", "'5m'", "'1h30m'", "'1h'", "'1.5s'", "'2m30s'"],
                                    "s:step('d' .. i .. '\(key)', { \(key) = v }); error(tostring(s.steps[#s.steps].spec.\(key)), 0)")
            #expect(good == ["45", "90", "300", "5400", "3600", "1.5", "150"], "\(key)")
            let malformed = ["''", "'5'", "'5 m'", "'5min'", "'m'", "'1m1h'", "'-5s'", "'1h30'", "'s5'", "'1d'", "'5m5m'"]
            let bad = try messages(malformed, "s:step('doors', { \(key) = v })")
            #expect(bad == malformed.map { value in
                "show.lua:4: step 'doors': \(key): malformed duration \(value) (seconds as a number, or \"90s\", \"5m\", \"1h30m\")"
            }, "\(key)")
            for message in try messages(["-1", "0/0", "math.huge", "'9000h'", "true", "{}"], "s:step('doors', { \(key) = v })") {
                #expect(message.hasPrefix("show.lua:4: step 'doors': \(key): must be"), "\(message)")
            }
        }
    }

    @Test("a show's watch period is a duration of at least a second, read as step durations are")
    func watchPeriod() throws {
        let good = try messages(["1", "10", "'30s'", "'2m'"], "error(tostring(show.new('w' .. i, { watch = v }).watch), 0)")
        #expect(good == ["1", "10", "30", "120"])
        let malformed = ["''", "'5'", "'5 m'", "'10x'"]
        #expect(try messages(malformed, "show.new('evening', { watch = v })") == malformed.map { value in
            "show.lua:4: show 'evening': watch: malformed duration \(value) (seconds as a number, or \"90s\", \"5m\", \"1h30m\")"
        })
        for value in ["0", "0.5", "'0.5s'"] {
            #expect(try messages([value], "show.new('evening', { watch = v })") == ["show.lua:4: show 'evening': watch must be at least 1 second, got \(value.replacingOccurrences(of: "'", with: ""))"])
        }
        for message in try messages(["-1", "0/0", "math.huge", "true", "{}"], "show.new('evening', { watch = v })") {
            #expect(message.hasPrefix("show.lua:4: show 'evening': watch: must be"), "\(message)")
        }
    }

    @Test("a number at that reads as a clock time is refused with the clock time to write")
    func hhmmAt() throws {
        let got = try messages(["1930", "1000", "0", "930", "2359"], "s:step('doors', { at = v })")
        #expect(got == ["19:30", "10:00", "00:00", "09:30", "23:59"].enumerated().map { i, hhmm in
            "show.lua:4: step 'doors': at = \(["1930", "1000", "0", "930", "2359"][i]) is a number, read as seconds since 1970; did you mean \"\(hhmm)\"?"
        })
        let small = try messages(["1960", "2400", "3600", "86400", "19.5"], "s:step('doors', { at = v })")
        for (value, message) in zip(["1960", "2400", "3600", "86400", "19.5"], small) {
            #expect(message == "show.lua:4: step 'doors': at = \(value) must be a moment in seconds since 1970 (from 2000 on) or a clock time \"HH:MM\"; for a delay use after")
        }
        #expect(try messages(["1795000000", "'19:30'"], "s:step('d' .. i, { at = v })") == ["ok", "ok"])
        for message in try messages(["-1", "0/0", "1e300"], "s:step('doors', { at = v })") {
            #expect(message.hasPrefix("show.lua:4: step 'doors': at: must be"), "\(message)")
        }
    }

    @Test("run, guard, cleanup, wait_for and actions must be callable")
    func callables() throws {
        var cases: [(String, String)] = []
        for key in ["run", "guard", "cleanup", "wait_for"] {
            for (value, type) in [("'start'", "string"), ("true", "boolean"), ("{}", "table"), ("42", "number")] {
                // `run` is one action: a table there is show.action or show.together.
                let expected = key == "run" && type == "table"
                    ? "show.lua:4: step 'doors': run must be a function, show.action(name, fn) or show.together{...}, got a table"
                    : "show.lua:4: step 'doors': \(key) must be a function, got \(type)"
                cases.append(("s:step('doors', { \(key) = \(value) })", expected))
            }
        }
        cases += [
            ("s:step('doors', { actions = { function() end, 'start' } })", "show.lua:4: step 'doors': actions[2] must be a function, got string"),
            ("s:step('doors', { actions = 'start' })", "show.lua:4: step 'doors': actions must be a list of actions, got string"),
            ("s:step('doors', { actions = { {} } })", "show.lua:4: step 'doors': actions[1] must be a function, show.action(name, fn) or show.together{...}, got a table"),
            ("s:step('doors', { actions = { { name = 'x', fn = 1 } } })", "show.lua:4: step 'doors': actions[1]'s fn must be a function, got number"),
            ("s:step('doors', { actions = { { together = { function() end, 'x' } } } })", "show.lua:4: step 'doors': actions[1][2] must be a function, got string"),
            ("show.action('title', 'start')", "show.lua:4: show.action 'title': fn must be a function, got string"),
            ("show.together { 1 }", "show.lua:4: show.together[1] must be a function, got number"),
            ("show.new('evening', { cleanup = 'x' })", "show.lua:4: show 'evening': cleanup must be a function, got string"),
            ("s:step('doors', { on_failure = 'retyr' })", "show.lua:4: step 'doors': on_failure must be abort, continue, retry or fallback, not 'retyr'; did you mean 'retry'?"),
            ("s:step('doors', { cue = 5 })", "show.lua:4: step 'doors': cue must be true or the operator's prompt (a string), got number"),
            ("s:step('doors', { skip_if_past = 'yes' })", "show.lua:4: step 'doors': skip_if_past must be a boolean, got string"),
            ("s:step('doors', 'start')", "show.lua:4: step 'doors': options must be a table, got string"),
            ("s:step('doors', { function() end })", "show.lua:4: unknown field 1 in step 'doors' (options are named: at, tz, skip_if_past, after, cue, wait_for, every, guard, run, actions, on_failure, retries, backoff, fallback, cleanup)"),
        ]
        for (call, expected) in cases {
            #expect(try messages(["0"], call) == [expected])
        }
        // A callable table is a function to the show.
        let callable = "setmetatable({}, { __call = function() end })"
        #expect(try messages(["0"], "s:step('doors', { run = \(callable), actions = { show.action('a', \(callable)) } })") == ["ok"])
    }
}
