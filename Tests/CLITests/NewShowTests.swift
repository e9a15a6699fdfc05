import Foundation
import Testing

@Suite("showcall new writes a show that runs, tests and lints as written")
struct NewShowTests {
    @Test("the new folder has show.lua, lib/, spec/ and .luarc.json; it rehearses and its specs pass")
    func newShow() throws {
        let dir = try scratch([:])
        let made = try ShowCallProcess.run(["new", "town-hall"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let show = dir.appendingPathComponent("town-hall")
        for file in ["show.lua", "lib/stream.lua", "spec/stream_spec.lua", ".luarc.json", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: show.appendingPathComponent(file).path), "\(file)")
        }

        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: show.appendingPathComponent(".luarc.json"))) as? [String: Any]
        #expect(settings?["runtime.version"] as? String == "Lua 5.4")
        let library = settings?["workspace.library"] as? [String] ?? []
        #expect(library.first == ".showcall/types")
        #expect(library.contains { $0.hasSuffix("/stdlib") && FileManager.default.fileExists(atPath: $0 + "/showcall/init.lua") })

        let rehearsal = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: show)
        #expect(rehearsal.status == 0, "\(rehearsal.stdout)\n\(rehearsal.stderr)")
        #expect(rehearsal.stdout.contains("go-live"))
        #expect(rehearsal.stdout.contains("live stream: live"), "\(rehearsal.stdout)")

        let specs = try ShowCallProcess.run(["test"], in: show)
        #expect(specs.status == 0, "\(specs.stdout)\n\(specs.stderr)")
        #expect(specs.stdout.hasSuffix("2 passed, 0 failed, 0 errors in 1 file\n"))

        let lint = try Luacheck.run(["--config", repositoryRoot.appendingPathComponent(".luacheckrc").path, "."], in: show)
        #expect(lint.status == 0, "\(lint.output)")
    }

    @Test("it never overwrites: an existing folder or file is a usage error")
    func refusesToOverwrite() throws {
        let dir = try scratch(["taken/show.lua": "-- mine"])
        let r = try ShowCallProcess.run(["new", "taken"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "showcall: new: taken already exists; not overwriting it\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("taken/show.lua"), encoding: .utf8) == "-- mine")
    }
}
