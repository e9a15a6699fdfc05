import Foundation
import Testing

/// Every HTTP address from outside goes through one check (`WebAddress`): a port past 65535
/// trapped the whole process (NIO's `SocketAddress`), mid-show, and a host name's port wrapped.
@Suite("HTTP addresses are checked where they enter: http.post, a profile's URLs, --attach")
struct AddressTests {
    /// Refused by the rule, each: ports out of range, an empty port, no host, another scheme.
    static let refused = [
        "http://127.0.0.1:0/x", "http://127.0.0.1:65536/x", "http://127.0.0.1:70000/x", "http://127.0.0.1:4294967296/x",
        "http://127.0.0.1:99999999999999999999/x", "http://[::1]:70000/x", "http://localhost:70000/x",
        "http://127.0.0.1:/x", "ftp://127.0.0.1/x", "http:///x", "http://127.0.0.1:-1/x",
    ]

    @Test("http.post refuses each bad address with the rule, inside pcall, and the run goes on")
    func post() throws {
        let dir = try scratch(["post.lua": """
            local http = require "showcall.http"
            for _, url in ipairs(arg) do print(select(2, pcall(http.post, url, "{}", { timeout = 2 }))) end
            print("alive")
            """])
        let r = try ShowCallProcess.run(["run", "post.lua"] + Self.refused + ["http://127.0.0.1:65535/x"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == Self.refused.count + 2, "\(r.stdout)\n\(r.stderr)")
        for (url, line) in zip(Self.refused, lines) {
            #expect(line.contains("port from 1 to 65535"), "\(url): \(line)")
        }
        // The last port in range is an address: the post is made, and nothing answers there.
        #expect(lines[Self.refused.count].contains("no answer"), "\(lines[Self.refused.count])")
        #expect(lines.last == "alive")
    }

    @Test("a profile's base_url with a bad address is refused when the profile loads, naming the key", arguments: refused)
    func profile(url: String) throws {
        let dir = try scratch([
            "showcall.toml": "[bad.webex]\nbase_url = \"\(url)\"\naccess_token = \"sim-webex-personal-access-token\"\n",
            "show.lua": "print('started')",
        ])
        let r = try ShowCallProcess.run(["run", "--profile", "bad", "show.lua"], in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("webex.base_url must be an http:// or https:// URL"), "\(r.stderr)")
    }

    @Test("the REPL's --attach refuses a port out of range, and never prints a password it was given")
    func attach() throws {
        for address in ["65536", "4294967296", "127.0.0.1:70000", "localhost:70000", "http://operator:Pa55word@127.0.0.1:8787"] {
            let r = try ShowCallProcess.run(["repl", "--attach", address], stdin: ":go\n")
            #expect(r.status != 132 && r.status != 0, "\(address): \(r.status)")
            let said = r.stdout + r.stderr
            #expect(said.contains("is not a control API address"), "\(address): \(said)")
            #expect(!said.contains("Pa55word"), "\(said)")
        }
    }

    @Test("a webhook's user-info and credential headers never reach the journal or showcall log")
    func webhookSecrets() throws {
        let dir = try scratch(["hook.lua": """
            local http = require "showcall.http"
            print(pcall(http.post, "http://alice:Us3rInfoPw@127.0.0.1:1/hook/Pa7hSecret", "{}", { timeout = 2,
              headers = { Authorization = "Bearer H3aderSecret", ["X-Api-Key"] = "ApiK3ySecret", Cookie = "session=C00kieSecret" } }))
            """])
        let journal = dir.appendingPathComponent("hook.jsonl")
        let run = try ShowCallProcess.run(["run", "--journal", journal.path, "hook.lua"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let log = try ShowCallProcess.run(["log", journal.path], in: dir)
        let written = try String(contentsOf: journal, encoding: .utf8)
        #expect(written.contains("call_intent"), "\(written)")
        for secret in ["Us3rInfoPw", "Pa7hSecret", "H3aderSecret", "ApiK3ySecret", "C00kieSecret"] {
            for (place, text) in [("journal", written), ("log", log.stdout + log.stderr), ("run", run.stdout + run.stderr)] {
                #expect(!text.contains(secret), "\(secret) in the \(place): \(text)")
            }
        }
    }
}

/// `run` takes only limits and start times that the rest of the run can keep: what a journal
/// records, `resume` reads back; what a rehearsal starts at, its show can reach.
@Suite("run's numbers keep the rules resume and the show keep")
struct RunNumberRuleTests {
    @Test("--cpu-limit: 0 or a limit resume can read back", arguments: ["1e-7", "0.0000009", "5e-324", "-1e-9"])
    func cpuLimit(value: String) throws {
        let dir = try scratch(["show.lua": "print('ran')"])
        let r = try ShowCallProcess.run(["run", "--cpu-limit=\(value)", "show.lua"], in: dir)
        #expect(r.status == 2, "\(value): \(r.stderr)")
        #expect(r.stderr.contains("--cpu-limit"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        for fine in ["0", "0.000001", "2"] {
            #expect(try ShowCallProcess.run(["run", "--cpu-limit=\(fine)", "show.lua"], in: dir).stdout == "ran\n", "\(fine)")
        }
    }

    @Test("--start: every form keeps one range, from 1970 to a year before 10000",
          arguments: ["1969-12-31T23:59:59Z", "-1", "9999-12-31T23:59:59Z", "253402300799", "nan", "9999-06-01T00:00:00Z"])
    func start(value: String) throws {
        let dir = try scratch(["paris.lua": """
            local show = require "showcall.show"
            local s = show.new("Paris", { tz = "Europe/Paris" })
            s:step("a", { at = "19:00", run = function() end })
            s:step("b", { after = 5, run = function() end })
            s:run()
            """])
        let r = try ShowCallProcess.run(["plan", "--start=\(value)", "paris.lua"], in: dir)
        #expect(r.status == 2, "\(value): \(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--start"), "\(r.stderr)")
        #expect(!r.stderr.contains("traceback"), "\(r.stderr)")
        #expect(try ShowCallProcess.run(["plan", "--start=2026-12-03T09:00:00Z", "paris.lua"], in: dir).status == 0)
    }
}
