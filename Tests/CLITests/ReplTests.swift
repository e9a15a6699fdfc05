import Foundation
import Testing

@Suite("showcall repl through pipes (no terminal)")
struct ReplPipeTests {
    @Test("expressions print their values; =x works; several results print tab-separated; no prompt")
    func expressions() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "x = 20 + 1\nx\n=x * 2\n1, 'two', nil\n")
        #expect(r.status == 0)
        #expect(r.stdout == "21\n42\n1\t\"two\"\tnil\n")
    }

    @Test("tables print nested with sorted keys, a depth limit and cycles marked")
    func pretty() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: """
            { b = 2, a = 1, 10, 20 }
            { deep = { deeper = { deepest = { bottom = { x = 1 } } } } }
            local t = { name = 'loop' } t.me = t return t

            """)
        #expect(r.stdout == """
            { 10, 20, a = 1, b = 2 }
            { deep = { deeper = { deepest = { bottom = {...} } } } }
            { me = <cycle>, name = "loop" }

            """)
    }

    @Test("multi-line input continues while the chunk is incomplete")
    func multiline() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "function twice(\nx)\nreturn 2 * x\nend\ntwice(21)\n")
        #expect(r.stdout == "42\n")
    }

    @Test("a syntax error prints and the next line starts a fresh chunk; a runtime error prints its traceback")
    func errors() throws {
        let r = try ShowCallProcess.run(["repl"], stdin: "x = = 1\nprint('fresh')\nlocal function f() error('no feed') end f()\n")
        #expect(r.status == 0)
        #expect(r.stdout == "fresh\n")
        #expect(r.stderr.hasPrefix("stdin:1: unexpected symbol near '='\nstdin:1: no feed\nstack traceback:\n"))
        #expect(r.stderr.contains("stdin:1: in main chunk"))
        #expect(!r.stderr.contains("showcall repl"))
    }

    @Test("end of input exits 0, even inside an unfinished chunk")
    func eof() throws {
        #expect(try ShowCallProcess.run(["repl"], stdin: "").status == 0)
        #expect(try ShowCallProcess.run(["repl"], stdin: "function f(\n").status == 0)
    }

    @Test("a huge or binary paste does not crash it")
    func hostilePaste() throws {
        var bytes = (0 ..< 200_000).map { _ in UInt8.random(in: 0 ... 255) }
        bytes.append(contentsOf: Array("\nprint('still here')\n".utf8))
        let huge = "x = '" + String(repeating: "y", count: 1_000_000) + "'\n#x\n"
        let r = try ShowCallProcess.run(["repl"], stdin: String(decoding: bytes, as: UTF8.self) + huge)
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("still here\n1000000\n"))
    }

    @Test("files given first are loaded before the prompt; :help describes a value")
    func loadAndHelp() throws {
        let dir = try scratch(["cues.lua": "cues = { doors = '09:30', go = '10:00' }"])
        let r = try ShowCallProcess.run(["repl", "cues.lua"], in: dir, stdin: "cues.go\n:help cues\n")
        #expect(r.stdout == "\"10:00\"\ncues: table\n  cues.doors\n  cues.go\n")
    }
}
