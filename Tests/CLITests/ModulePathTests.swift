import Foundation
import Testing

@Suite("require finds user libraries: lib/ beside the script, then $SHOWCALL_PATH, then stdlib")
struct ModulePathTests {
    @Test("run: lib/x.lua and lib/x/init.lua beside the script, directories of SHOWCALL_PATH in order")
    func run() throws {
        let first = try scratch(["team.lua": "return 'first'", "both.lua": "return 'first'"])
        let second = try scratch(["both.lua": "return 'second'", "other/init.lua": "return 'other'"])
        let dir = try scratch([
            "shows/show.lua": "print(require 'cues', require 'kit', require 'team', require 'both', require 'other', require('showcall.countdown').tminus(60))",
            "shows/lib/cues.lua": "return 'cues'",
            "shows/lib/kit/init.lua": "return 'kit'",
        ])
        let r = try ShowCallProcess.run(["run", "shows/show.lua"], in: dir,
                                        environment: ["SHOWCALL_PATH": "\(first.path)::\(second.path)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "cues\tkit\tfirst\tfirst\tother\tT-01:00\n")
    }

    @Test("a module found nowhere names the lib/ and SHOWCALL_PATH places it looked in")
    func missing() throws {
        let shared = try scratch([:])
        let dir = try scratch(["show.lua": "require 'nowhere'"])
        let r = try ShowCallProcess.run(["run", "show.lua"], in: dir, environment: ["SHOWCALL_PATH": shared.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("./lib/nowhere.lua"), "\(r.stderr)")
        #expect(r.stderr.contains("\(shared.path)/nowhere/init.lua"), "\(r.stderr)")
    }

    @Test("the REPL has the same path: ./lib and SHOWCALL_PATH")
    func repl() throws {
        let shared = try scratch(["team.lua": "return 'team'"])
        let dir = try scratch(["lib/cues.lua": "return 'cues'"])
        let r = try ShowCallProcess.run(["repl"], in: dir, stdin: "print(require 'cues', require 'team')\n",
                                        environment: ["SHOWCALL_PATH": shared.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("cues\tteam"), "\(r.stdout)")
    }
}
