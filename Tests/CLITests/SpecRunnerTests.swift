import Foundation
import Testing

/// The repository's root, where `stdlib/` and `.luacheckrc` are.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("showcall test runs Lua specs in virtual time against the simulator")
struct SpecRunnerTests {
    /// Our own libraries' specs, one file per library, run by the runner they are written for.
    @Test("each stdlib library's specs pass", arguments: ["countdown", "simulcast", "notify", "preflight"])
    func stdlibSpecs(library: String) throws {
        let spec = "stdlib/spec/\(library)_spec.lua"
        let its = try String(contentsOf: repositoryRoot.appendingPathComponent(spec), encoding: .utf8)
            .components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("it(") }.count
        let r = try ShowCallProcess.run(["test", spec], in: repositoryRoot)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(!r.stdout.contains("\nFAIL  ") && !r.stdout.contains("\nERROR "), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("\(its) passed, 0 failed, 0 errors in 1 file\n"), "\(r.stdout)")
    }

    @Test("a failing spec is reported with its name, file and line; an error too; the exit status is 1")
    func failures() throws {
        let dir = try scratch(["spec/math_spec.lua": """
            describe("arithmetic", function()
              it("adds", function()
                local sum = 2 + 2
                expect(sum).to_be(5)
              end)
              it("subtracts", function()
                assert.equals(1, 3 - 2)
              end)
              describe("tables", function()
                it("indexes", function()
                  local t = nil
                  return t.x
                end)
                it("compares deeply", function()
                  assert.same({ a = 1 }, { a = 2 })
                end)
              end)
            end)
            """])
        let r = try ShowCallProcess.run(["test"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL  spec/math_spec.lua:4: arithmetic adds\n      expected 5, got 4\n"), "\(r.stdout)")
        #expect(r.stdout.contains("ERROR spec/math_spec.lua:12: arithmetic tables indexes\n      spec/math_spec.lua:12: attempt to index a nil value (local 't')"), "\(r.stdout)")
        #expect(r.stdout.contains("FAIL  spec/math_spec.lua:15: arithmetic tables compares deeply\n      expected { a = 1 }, got { a = 2 }"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("1 passed, 2 failed, 1 errors in 1 file\n"), "\(r.stdout)")
    }

    @Test("specs wait in virtual time, each in its own task, with before_each and after_each around them")
    func tasksAndHooks() throws {
        let dir = try scratch(["spec/wait_spec.lua": """
            local sc = require "showcall"
            require("showcall.spec").timeout = 7200
            local log = {}
            describe("waiting", function()
              before_each(function() log[#log + 1] = "before" end)
              after_each(function() log[#log + 1] = "after" end)
              it("sleeps an hour of show time", function()
                local t = sc.now()
                sc.sleep(3600)
                expect(sc.now() - t).to_be_near(3600, 1e-6)
              end)
              it("runs between before_each and after_each", function()
                assert.same({ "before", "after", "before" }, log)
              end)
              it("gives up on a spec that waits too long", function()
                sc.sleep(3 * 3600)
              end)
            end)
            """])
        let r = try ShowCallProcess.run(["test", "spec/wait_spec.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("ERROR spec/wait_spec.lua:16: waiting gives up on a spec that waits too long\n      timed out after 7200 s"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("2 passed, 0 failed, 1 errors in 1 file\n"), "\(r.stdout)")
    }

    @Test("by default every *_spec.lua under spec/ runs, each file against a fresh simulator; specs require lib/ and $SHOWCALL_PATH")
    func discoveryAndFreshState() throws {
        let shared = try scratch(["shared/init.lua": "return { name = 'shared' }"])
        let spec = """
            local webex = require "showcall.webex"
            describe("recording", function()
              it("starts from the seed", function()
                local m = webex.meeting("560d7b784f5143e3be2fc3064a5c4999")
                expect(m:status().recordingStarted).to_be(false)
                m.record:start()
                expect(require("helper").name .. "+" .. require("shared").name).to_be("helper+shared")
              end)
            end)
            """
        let dir = try scratch(["spec/a_spec.lua": spec, "spec/deeper/b_spec.lua": spec, "spec/notes.lua": "error('not a spec')",
                               "lib/helper.lua": "return { name = 'helper' }"])
        let r = try ShowCallProcess.run(["test"], in: dir, environment: ["SHOWCALL_PATH": shared.path])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout == "2 passed, 0 failed, 0 errors in 2 files\n")
    }

    @Test("a spec file that does not load is an error naming it; a missing spec/ is a usage error")
    func badFiles() throws {
        let dir = try scratch(["spec/broken_spec.lua": "describe('x', function()\n  it('y', function() end\nend)\n"])
        let r = try ShowCallProcess.run(["test"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("ERROR spec/broken_spec.lua\n      spec/broken_spec.lua:3:"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("0 passed, 0 failed, 1 errors in 1 file\n"))

        let empty = try scratch([:])
        let none = try ShowCallProcess.run(["test"], in: empty)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no spec/ directory here"))
    }
}
