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
