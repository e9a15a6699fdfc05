import Foundation
import Testing

/// Every number that enters from outside, fed the values that trap a careless conversion: each
/// gives a clear error naming where it came from, or a correct result; never a trap.
@Suite("numbers from outside: edge values never trap")
struct NumericEdgeTests {
    /// The edge values, as Lua, TOML, a command line and JSON write them.
    static let lua = ["0/0", "math.huge", "-math.huge", "1e300", "-1e300", "math.mininteger", "math.maxinteger", "-0.0", "2^53 + 1"]
    static let toml = ["nan", "inf", "-inf", "1e300", "-1e300", "-9223372036854775808", "9223372036854775807", "-0.0", "9007199254740993"]
    static let text = ["nan", "inf", "-inf", "1e300", "-1e300", "-9223372036854775808", "9223372036854775807", "-0.0", "9007199254740993"]
    static let json = ["NaN", "Infinity", "-Infinity", "1e300", "-1e300", "-9223372036854775808", "9223372036854775807", "-0.0", "9007199254740993"]

    /// A process that ended on its own: a status a user reads, not a signal (a trap is SIGILL or SIGTRAP).
    static func clean(_ r: ShowCallProcess) -> Bool {
        r.status < 128 && !r.stderr.contains("Fatal error") && !r.stderr.contains("Crash")
    }

    @Test("every Lua binding that takes a number, through showcall run")
    func luaBindings() throws {
        let calls: [(String, String)] = [
            ("sleep", "sc.sleep(v)"),
            ("at", "sc.at(v)"),
            ("timeout", "sc.timeout(v, function() end)"),
            ("retry backoff", "sc.retry({ times = 2, backoff = v }, function() error('x') end)"),
            ("retry times", "sc.retry({ times = v }, function() end)"),
            ("wait_until timeout", "sc.wait_until(function() return false end, { timeout = v })"),
            ("wait_until every", "sc.wait_until(function() return false end, { every = v })"),
            ("core.timestamp", "core.timestamp(v)"),
            ("core.resolve_time", "core.resolve_time(v)"),
            ("resolve_time reference", "core.resolve_time('10:00', { reference = v })"),
            ("core.wait_any deadline", "core.wait_any(nil, v)"),
            ("step after", "show.new('x'):step('s', { after = v })"),
            ("step every", "show.new('x'):step('s', { every = v })"),
            ("step backoff", "show.new('x'):step('s', { backoff = v })"),
            ("step retries", "show.new('x'):step('s', { retries = v })"),
            ("channel emit time", "channel:emit({ type = 'hold', text = 'HOLD', time = v })"),
            ("channel publish next_at", "channel:publish({ next_at = v }, {}, 0)"),
            ("channel publish count", "channel:publish({}, {}, v)"),
            ("platform timeout", "zoom.webinar(68423085).livestream:status({ timeout = v })"),
            ("platform id", "zoom.webinar(v)"),
            ("http timeout", "http.post('http://127.0.0.1:9/', '', { timeout = v })"),
        ]
        var script = """
            local sc = require "showcall"
            local core = require "showcall.core"
            local show = require "showcall.show"
            local zoom = require "showcall.zoom"
            local http = require "showcall.http"
            local channel = core.channel("edge")
            local edges = { \(Self.lua.joined(separator: ", ")) }
            local function try(name, f)
              for i, v in ipairs(edges) do
                local ok, err = pcall(f, v)
                print(name, i, ok and "ok" or tostring(type(err) == "userdata" and err.message or err))
              end
            end

            """
        for (name, call) in calls { script += "try(\"\(name)\", function(v) \(call) end)\n" }
        script += "print('end')\n"
        let dir = try scratch(["edges.lua": script])
        let r = try ShowCallProcess.run(["run", "edges.lua"], in: dir)
        #expect(Self.clean(r), "\(r.stderr)")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "end")
        #expect(lines.count == calls.count * Self.lua.count + 1)
        for line in lines.dropLast() {
            // A refusal states the rule. Of these values only math.maxinteger is a correct
            // answer anywhere: as a platform id it is a string of digits.
            let valid = line == "platform id\t7\tok"
            #expect(valid || line.contains("must be") || line.contains("expected"), "\(line)")
        }
    }

    @Test("every numeric profile key")
    func profileKeys() throws {
        for value in Self.toml {
            for (key, table) in [("timeout", "[p]\ntimeout = \(value)\n"),
                                 ("requests_per_second", "[p]\n[p.zoom]\naccount_id = \"a\"\nclient_id = \"b\"\nclient_secret = \"c\"\nrequests_per_second = \(value)\n")] {
                let dir = try scratch(["showcall.toml": table, "e.lua": "print('ran')\n"])
                let r = try ShowCallProcess.run(["run", "--profile", "p", "e.lua"], in: dir)
                #expect(Self.clean(r), "\(key) = \(value): \(r.stderr)")
                #expect(r.status == 2, "\(key) = \(value)")
                #expect(r.stderr.contains(key) && r.stderr.contains("must be"), "\(key) = \(value): \(r.stderr)")
            }
        }
    }

    @Test("every numeric command-line option")
    func options() throws {
        let dir = try scratch(["e.lua": "print('ran')\n"])
        let commands: [(String, [String])] = [
            ("--start", ["plan"]), ("--start", ["run", "--rehearse"]), ("--cpu-limit", ["run"]), ("--instruction-limit", ["run"]),
            ("--memory-limit", ["run"]), ("--signal-grace", ["run"]), ("--control", ["run"]), ("--port", ["sim"]),
            ("--lease", ["run"]), ("--lease-renew", ["run"]), ("--attempt-limit", ["run"]),
        ]
        for (option, command) in commands {
            // Attached with '=' and as the next word: "-1" and "--sandbox" are the option's value,
            // not an option of their own (nothing ran: "ran" is never printed).
            let given = Self.text.map { [command + ["\(option)=\($0)"]] } + Self.words.map { [command + [option, $0]] }
            for args in given.joined() {
                let all = args + (command == ["sim"] ? [] : ["e.lua"])
                let r = try ShowCallProcess.run(all, in: dir)
                #expect(Self.clean(r), "\(all): \(r.stderr)")
                // Each of these values is out of every option's range: a usage error naming the option.
                #expect(r.status == 2 && r.stderr.contains(option) && !r.stdout.contains("ran"), "\(all): \(r.status) \(r.stderr)")
            }
        }
    }

    /// Text a number option must refuse although Double reads some of it: a nonzero number
    /// that rounds to zero (0 is "no limit"), negatives that look like options, hex, padding.
    static let words = ["1e-400", "-1", "-0", "0x10", "1_000", " 5", "5 ", "", "+", ".", "1e", "--sandbox"]

    @Test("every numeric journal field, through log and resume")
    func journalFields() throws {
        let dir = try scratch(["show.lua": JournalTests.show(wait: 0)])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try ShowCallProcess.run(["run", "--journal", journal.path, "show.lua"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        var lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.removeLast() // run_ended: what is left is a run that stopped, for resume to pick up
        for field in ["seq", "time"] {
            for value in Self.json {
                var edited = lines
                edited[1] = edited[1].replacingOccurrences(of: #""\#(field)":[-0-9.e]+"#, with: "\"\(field)\":\(value)", options: .regularExpression)
                #expect(edited[1] != lines[1])
                let bad = dir.appendingPathComponent("bad.jsonl")
                try (edited.joined(separator: "\n") + "\n").write(to: bad, atomically: true, encoding: .utf8)
                for command in ["log", "resume"] {
                    let r = try ShowCallProcess.run([command, bad.path], in: dir)
                    #expect(Self.clean(r), "\(command) \(field)=\(value): \(r.stderr)")
                    // JSON's -0.0 reads as the integer 0 (the journal keeps integers whole): a
                    // sequence number or a time that does no harm. Every other value is refused,
                    // naming the line.
                    if value == "-0.0" { continue }
                    #expect(r.status == 2, "\(command) \(field)=\(value): \(r.status) \(r.stderr)")
                    #expect(r.stderr.contains("bad.jsonl:2"), "\(command) \(field)=\(value): \(r.stderr)")
                }
            }
        }
    }
}
