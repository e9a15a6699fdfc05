import Foundation
import Testing

/// `luacheck` (Debian's lua-check, which scripts/dev/install-deps installs) as CI runs it.
struct Luacheck {
    let output: String
    let status: Int32

    static func run(_ arguments: [String], in dir: URL) throws -> Luacheck {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["luacheck", "--no-color", "--codes"] + arguments
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Luacheck(output: String(decoding: data, as: UTF8.self), status: process.terminationStatus)
    }
}

@Test("luacheck finds no warning in any .lua file of the repository (stdlib/, scripts/, the host's own in Sources/)")
func luacheckClean() throws {
    let r = try Luacheck.run(["stdlib", "scripts", "Sources"], in: repositoryRoot)
    #expect(r.status == 0, "luacheck stdlib scripts Sources (install it with scripts/dev/install-deps):\n\(r.output)")
    #expect(r.output.contains("0 warnings / 0 errors"), "\(r.output)")
}

@Test("luacheck covers the check corpus too: every script is clean Lua but the two written to be wrong in Lua itself, each with the finding it was written for")
func luacheckCorpus() throws {
    let r = try Luacheck.run(["Tests/CheckCorpus"], in: repositoryRoot)
    // "    Tests/CheckCorpus/undefined-global.lua:6:42: (W113) accessing undefined variable 'dealy'"
    let findings = r.output.split(separator: "\n").compactMap { line -> String? in
        guard let file = line.split(separator: "/").last?.split(separator: ":").first,
              let code = line.firstRange(of: "(").map({ line[$0.upperBound...].prefix(4) }),
              line.contains(".lua:") else { return nil }
        return "\(file) \(code)"
    }
    #expect(findings.sorted() == ["syntax-error.lua E011", "undefined-global.lua W113"], "\(r.output)")
    let scripts = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Tests/CheckCorpus").path)
        .filter { $0.hasSuffix(".lua") }
    #expect(r.output.contains("in \(scripts.count) files"), "every script of the corpus is read: \(r.output)")
}
