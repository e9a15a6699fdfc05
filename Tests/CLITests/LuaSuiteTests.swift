import Foundation
import Testing

/// Lua 5.4.4's own test suite (`../shared/lua-5.4.4-testes`, beside the repository), run as its
/// README says a host that embeds Lua runs it: user mode, through `showcall run` with its
/// default settings (the limits on). It writes beside itself, so it runs from a copy.
@Suite("Lua 5.4.4's own test suite through showcall run")
struct LuaSuiteTests {
    /// Beside the repository, where the team keeps it; a clone made elsewhere on such a machine
    /// (CI's fresh clone) finds it at the machine's own copy.
    static let testes = [repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/lua-5.4.4-testes"),
                         URL(fileURLWithPath: "/work/shared/lua-5.4.4-testes")]
        .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("all.lua").path) }
        ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/lua-5.4.4-testes")

    @Test("all.lua in user mode ends with final OK !!! under showcall run's defaults")
    func theSuitePasses() throws {
        #expect(FileManager.default.fileExists(atPath: Self.testes.appendingPathComponent("all.lua").path),
                "the suite is expected at \(Self.testes.path)")
        let dir = try scratch([:])
        let copy = dir.appendingPathComponent("testes")
        try FileManager.default.copyItem(at: Self.testes, to: copy)
        try "_U = true\ndofile(\"all.lua\")\n".write(to: dir.appendingPathComponent("run-all.lua"), atomically: true, encoding: .utf8)
        let r = try ShowCallProcess.run(["run", "../run-all.lua"], in: copy,
                                        environment: ["XDG_STATE_HOME": dir.appendingPathComponent("state").path])
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        #expect(r.stdout.contains("\nfinal OK !!!\n"), "\(r.stdout.suffix(2000))")
        // What lua5.4 prints after it: the finalizer of an object still alive when the state closes.
        #expect(r.stdout.hasSuffix(">>> closing state <<<\n\n"), "\(r.stdout.suffix(300))")
    }
}
