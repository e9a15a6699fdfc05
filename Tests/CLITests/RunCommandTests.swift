import Foundation
import Testing

/// Runs the built `showcall` as a user would, from a scratch directory.
struct ShowCallProcess {
    let stdout: String
    let stderr: String
    let status: Int32

    static var executable: URL {
        // The test bundle sits beside the products of the same build.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("showcall").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("showcall")
    }

    /// `through`: a launcher and its arguments, before showcall's path and `arguments`.
    static func run(_ arguments: [String], in dir: URL? = nil, stdin: String = "",
                    environment: [String: String] = [:], through launcher: [String] = []) throws -> ShowCallProcess {
        let process = Process()
        process.executableURL = launcher.first.map(URL.init(fileURLWithPath:)) ?? executable
        process.arguments = launcher.isEmpty ? arguments : launcher.dropFirst() + [executable.path] + arguments
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ShowCallProcess(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                               status: process.terminationStatus)
    }
}

/// A fresh directory with the given files.
func scratch(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

@Suite("showcall run behaves like lua5.4 FILE")
struct RunCommandTests {
    @Test("arg and ... are exactly as under lua5.4; print and io.write share stdout in order")
    func arguments() throws {
        let dir = try scratch(["show.lua": """
            print(select('#', ...), ...)
            print(arg[0], arg[1], arg[2], #arg)
            io.write('a') print('b') io.write('c\\n')
            """])
        let r = try ShowCallProcess.run(["run", "show.lua", "one", "--two"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "2\tone\t--two\nshow.lua\tone\t--two\t2\nab\nc\n")
    }

    @Test("a runtime error prints file:line: message and the traceback on stderr, exit 1")
    func runtimeError() throws {
        let dir = try scratch(["boom.lua": "print('partial')\nlocal function f() error('no feed') end\nf()\n"])
        let r = try ShowCallProcess.run(["run", "boom.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "partial\n")
        #expect(r.stderr.hasPrefix("showcall: boom.lua:2: no feed\nstack traceback:\n"))
        #expect(r.stderr.contains("boom.lua:3: in main chunk"))
    }

    @Test("error objects read as lua5.4 prints them: tables without __tostring, with it, nil")
    func errorObjects() throws {
        let dir = try scratch(["t.lua": "error({ code = 1 })",
                               "ts.lua": "error(setmetatable({}, { __tostring = function() return 'custom' end }))",
                               "nil.lua": "error()"])
        #expect(try ShowCallProcess.run(["run", "t.lua"], in: dir).stderr.hasPrefix("showcall: (error object is a table value)\n"))
        #expect(try ShowCallProcess.run(["run", "ts.lua"], in: dir).stderr.hasPrefix("showcall: custom\n"))
        #expect(try ShowCallProcess.run(["run", "nil.lua"], in: dir).stderr.hasPrefix("showcall: (error object is a nil value)\n"))
    }

    @Test("a syntax error prints file:line: message, exit 1")
    func syntaxError() throws {
        let dir = try scratch(["bad.lua": "local x = \n  = 2\n"])
        let r = try ShowCallProcess.run(["run", "bad.lua"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "showcall: bad.lua:2: unexpected symbol near '='\n")
    }

    @Test("a missing file exits 2 with a clear message; so does a usage error")
    func usage() throws {
        let missing = try ShowCallProcess.run(["run", "no-such-show.lua"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "showcall: cannot open no-such-show.lua: No such file or directory\n")
        let noFile = try ShowCallProcess.run(["run"])
        #expect(noFile.status == 2)
        #expect(noFile.stderr.contains("Missing expected argument '<script>'"))
        let bogus = try ShowCallProcess.run(["launch"])
        #expect(bogus.status == 2)
    }

    @Test("os.exit and its status, warn with @on, the script read from stdin")
    func exitWarnStdin() throws {
        let dir = try scratch(["exit.lua": "io.write('bye') os.exit(3)", "warn.lua": "warn('hidden') warn('@on') warn('shown ', 'here')"])
        let exit = try ShowCallProcess.run(["run", "exit.lua"], in: dir)
        #expect(exit.status == 3)
        #expect(exit.stdout == "bye")
        let warn = try ShowCallProcess.run(["run", "warn.lua"], in: dir)
        #expect(warn.stderr == "Lua warning: shown here\n")
        let stdin = try ShowCallProcess.run(["run", "-"], stdin: "print(io.read('l') == nil, ...)")
        #expect(stdin.stdout == "true\n")
    }

    @Test("require finds modules beside the script")
    func requireBeside() throws {
        let dir = try scratch(["show.lua": "print(require('cues').first, require('lib.util').name)",
                               "cues.lua": "return { first = 'doors' }", "lib/util/init.lua": "return { name = 'util' }"])
        let r = try ShowCallProcess.run(["run", "show.lua"], in: dir)
        #expect(r.stdout == "doors\tutil\n")
    }

    @Test("LUA_PATH and LUA_CPATH are honoured as under lua5.4; LUA_INIT and LUA_INIT_5_4 are not run")
    func luaEnvironment() throws {
        let shared = try scratch(["team.lua": "return 'from LUA_PATH'"])
        let dir = try scratch(["show.lua": "print(require 'team', package.cpath:match('^[^;]*'))"])
        for initVariable in ["LUA_INIT", "LUA_INIT_5_4"] {
            let r = try ShowCallProcess.run(["run", "show.lua"], in: dir, environment: [
                "LUA_PATH": "\(shared.path)/?.lua;;", "LUA_CPATH": "/opt/cues/?.so;;", initVariable: "print('init ran')",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "from LUA_PATH\t/opt/cues/?.so\n", "\(initVariable)")
        }
    }

    @Test("require finds ShowCall's stdlib after the script's own folder")
    func requireStdlib() throws {
        let stdlib = try scratch(["showcall/cues.lua": "return 'from stdlib'", "shared.lua": "return 'stdlib copy'"])
        let dir = try scratch(["show.lua": "print((require('showcall.cues')), (require('shared')))", "shared.lua": "return 'beside'"])
        let r = try ShowCallProcess.run(["run", "show.lua"], in: dir, environment: ["SHOWCALL_STDLIB": stdlib.path])
        #expect(r.stdout == "from stdlib\tbeside\n")
    }

    @Test("no input crashes the host: binary chunks, garbage, deep recursion, huge strings")
    func hostile() throws {
        let garbage = (0 ..< 4096).map { Character(Unicode.Scalar(UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11))) }
        let dir = try scratch([
            "binary.lua": "\u{1B}Lua\u{54}\u{00}garbage",
            "garbage.lua": String(garbage),
            "recurse.lua": "local function f() return 1 + f() end f()",
            "huge.lua": "local s = string.rep('x', 2^40)",
            "cstack.lua": "local s = setmetatable({}, {__index = function(t, k) return t[k] end}) return s.x",
        ])
        for file in ["binary.lua", "garbage.lua", "recurse.lua", "huge.lua", "cstack.lua"] {
            let r = try ShowCallProcess.run(["run", file], in: dir)
            #expect(r.status == 1, "\(file): \(r.stderr)")
            #expect(r.stderr.hasPrefix("showcall: "), "\(file): \(r.stderr)")
        }
    }
}

@Suite("showcall eval and version")
struct EvalCommandTests {
    @Test("an expression prints its values; statements run; errors exit 1")
    func eval() throws {
        #expect(try ShowCallProcess.run(["eval", "1+1, 'x', 2^10"]).stdout == "2\tx\t1024.0\n")
        #expect(try ShowCallProcess.run(["eval", "for i = 1, 2 do print(i) end"]).stdout == "1\n2\n")
        let err = try ShowCallProcess.run(["eval", "error('nope')"])
        #expect(err.status == 1)
        #expect(err.stderr.hasPrefix("showcall: (command line):1: nope"))
    }

    @Test("version names ShowCall and its Lua")
    func version() throws {
        let r = try ShowCallProcess.run(["version"])
        #expect(r.stdout.hasPrefix("showcall "))
        #expect(r.stdout.contains("(Lua 5.4."))
    }
}

/// `showcall` running in the background, as an operator starts a show and later signals or
/// kills it: what it printed is kept, and a test waits for what it is waiting on.
final class BackgroundShowCall {
    let process = Process()
    private let out = Pipe(), err = Pipe()
    private var printed = Data(), complained = Data()

    init(_ arguments: [String], in dir: URL) throws {
        process.executableURL = ShowCallProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = dir
        (process.standardOutput, process.standardError, process.standardInput) = (out, err, FileHandle.nullDevice)
        try process.run()
    }

    /// Returns once `file` holds `text` (a journal entry being written), or after 30 s.
    func wait(for text: String, in file: URL) {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !((try? String(contentsOf: file, encoding: .utf8))?.contains(text) ?? false) { usleep(20_000) }
    }

    /// Returns once standard output (or error) has shown `text`, or at its end.
    func waitForOutput(_ text: String, onError: Bool = false) {
        let handle = (onError ? err : out).fileHandleForReading
        while !String(decoding: onError ? complained : printed, as: UTF8.self).contains(text) {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            if onError { complained += chunk } else { printed += chunk }
        }
    }

    /// What it wrote to standard error so far (after `waitForOutput(onError: true)`).
    var errorSoFar: String { String(decoding: complained, as: UTF8.self) }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for the end: the status and everything it printed.
    func finish() -> ShowCallProcess {
        printed += out.fileHandleForReading.readDataToEndOfFile()
        complained += err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ShowCallProcess(stdout: String(decoding: printed, as: UTF8.self), stderr: String(decoding: complained, as: UTF8.self),
                               status: process.terminationStatus)
    }
}
