import Foundation
import Testing

/// How `showcall run` picks its platforms, as an operator sees it.
@Suite struct PlatformCommandTests {
    static let script = """
        local ev = require("showcall.vbrick").event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
        ev:start{pre_production = true}
        print(ev:status().status)
        """

    @Test("with no profile, platform calls go to the embedded simulator and the run says SIMULATED")
    func simulatedByDefault() throws {
        let dir = try scratch(["show.lua": Self.script])
        let r = try ShowCallProcess.run(["run", "show.lua"], in: dir, environment: ["SHOWCALL_PROFILE": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "InProgress\n")
        #expect(r.stderr.contains("SIMULATED: platforms are the embedded simulator at http://127.0.0.1:"))
    }

    @Test("an unknown profile is a usage error naming it, before anything runs")
    func unknownProfile() throws {
        let dir = try scratch(["show.lua": "print('ran')", "showcall.toml": "[staging.convey]\nusername = \"u\"\npassword = \"p\"\n"])
        let r = try ShowCallProcess.run(["run", "--profile", "production", "show.lua"], in: dir)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("unknown profile 'production'") && r.stderr.contains("profiles found: staging"))
    }

    @Test("a profile's secrets never reach the output, even in the platform's own error text")
    func secretsRedacted() throws {
        let dir = try scratch([
            "show.lua": "local ok, err = pcall(function() return require('showcall.convey').event(1):status() end)\nprint(tostring(err))",
            "showcall.toml": "[live.convey]\nbase_url = \"http://127.0.0.1:9\"\nusername = \"ops\"\npassword = \"${CONVEY_PW}\"\ntimeout = 1\n",
        ])
        let r = try ShowCallProcess.run(["run", "--profile", "live", "show.lua"], in: dir, environment: ["CONVEY_PW": "hunter2-very-secret"])
        #expect(r.stderr.contains("convey.timeout is not a known setting"))
        let fixed = try scratch([
            "show.lua": "local ok, err = pcall(function() return require('showcall.convey').event(1):status() end)\nprint(tostring(err))",
            "showcall.toml": "[live]\ntimeout = 2\n[live.convey]\nbase_url = \"http://127.0.0.1:9\"\nusername = \"ops\"\npassword = \"${CONVEY_PW}\"\n",
        ])
        let run = try ShowCallProcess.run(["run", "--profile", "live", "show.lua"], in: fixed, environment: ["CONVEY_PW": "hunter2-very-secret"])
        #expect(run.stderr.contains("LIVE: profile 'live'"))
        #expect(run.stdout.contains("convey event 1 status: no token"), "\(run.stdout)")
        #expect(!(run.stdout + run.stderr).contains("hunter2-very-secret"))
    }
}
