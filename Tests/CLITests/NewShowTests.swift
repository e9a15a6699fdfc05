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
        for file in ["show.lua", "lib/stream.lua", "spec/stream_spec.lua", ".luarc.json", ".luacheckrc", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: show.appendingPathComponent(file).path), "\(file)")
        }

        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: show.appendingPathComponent(".luarc.json"))) as? [String: Any]
        #expect(settings?["runtime.version"] as? String == "Lua 5.4")
        // The annotations once (`showcall types` copies the stdlib's libraries beside the
        // bindings'), relative to the folder: nothing names this machine.
        #expect(settings?["workspace.library"] as? [String] == [".showcall/types"])
        let luarc = try String(contentsOf: show.appendingPathComponent(".luarc.json"), encoding: .utf8)
        #expect(!luarc.contains("\"/"), "an absolute path in .luarc.json: \(luarc)")

        let rehearsal = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: show)
        #expect(rehearsal.status == 0, "\(rehearsal.stdout)\n\(rehearsal.stderr)")
        #expect(rehearsal.stdout.contains("go-live"))
        #expect(rehearsal.stdout.contains("live stream: live"), "\(rehearsal.stdout)")

        let specs = try ShowCallProcess.run(["test"], in: show)
        #expect(specs.status == 0, "\(specs.stdout)\n\(specs.stderr)")
        #expect(specs.stdout.hasSuffix("2 passed, 0 failed, 0 errors in 1 file\n"))

        // `luacheck .` with the folder's own .luacheckrc, before and after the annotations are written.
        let lint = try Luacheck.run(["."], in: show)
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.contains("0 warnings / 0 errors in 3 files"), "\(lint.output)")
        let types = try ShowCallProcess.run(["types", ".showcall/types"], in: show)
        #expect(types.status == 0, "\(types.stderr)")
        let again = try Luacheck.run(["."], in: show)
        #expect(again.status == 0 && again.output.contains("0 warnings / 0 errors in 3 files"), "\(again.output)")
    }

    @Test("a name with a control character is refused, and nothing is made", arguments: ["a\nos.exit(3)", "a\tb", "a\rb", "\u{1b}[2J", "a\u{7f}", "a\u{85}b"])
    func controlCharacters(name: String) throws {
        let dir = try scratch([:])
        let r = try ShowCallProcess.run(["new", name], in: dir)
        #expect(r.status == 2 && r.stderr.contains("control character"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a name with quotes and backslashes is the show's name, as written")
    func quotedName() throws {
        let dir = try scratch([:])
        let name = #"Q"1\ ]] --"#
        #expect(try ShowCallProcess.run(["new", name], in: dir).status == 0)
        let r = try ShowCallProcess.run(["run", "--rehearse", "show.lua"], in: dir.appendingPathComponent(name))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("show '\(name)' done") || r.stderr.contains("show '\(name)' done"), "\(r.stdout)")
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
