import Foundation
import Testing

/// `showcall check`: the corpus of broken shows under `Tests/CheckCorpus/`, each naming in its
/// first lines (`-- finding: LINE: MESSAGE`) exactly what `check` must print for it; a clean
/// show prints nothing. `plan` and `run --rehearse` run the same source checks first.
@Suite("check: broken shows found before show day")
struct CheckTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/CheckCorpus")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
    }

    /// What a corpus script says `check` prints for it.
    static func expected(_ name: String) throws -> String {
        let text = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").filter { $0.hasPrefix("-- finding: ") }
            .map { "\(name):\($0.dropFirst("-- finding: ".count))\n" }.joined()
    }

    @Test("each corpus script gives exactly the findings it names, and exit 1 (0 for the clean one)", arguments: scripts)
    func corpus(_ name: String) throws {
        let expected = try Self.expected(name)
        let r = try ShowCallProcess.run(["check", name], in: Self.corpus)
        #expect(r.stdout == expected, "\(r.stderr)")
        #expect(r.status == (expected.isEmpty ? 0 : 1), "\(r.stderr)")
    }

    @Test("the corpus holds at least 20 broken shows and a clean one")
    func corpusSize() throws {
        let broken = try Self.scripts.filter { try !Self.expected($0).isEmpty }
        #expect(broken.count >= 20, "\(broken)")
        #expect(Self.scripts.contains("clean.lua"))
        #expect(try Self.expected("clean.lua").isEmpty)
    }

    @Test("several files at once: every finding, one line each, in file order")
    func severalFiles() throws {
        let names = ["verb-typo.lua", "clean.lua", "step-option-typo.lua"]
        let r = try ShowCallProcess.run(["check"] + names, in: Self.corpus)
        #expect(r.status == 1)
        #expect(r.stdout == (try names.map(Self.expected).joined()))
    }

    @Test("the example shows and a new show folder check clean")
    func examplesAreClean() throws {
        let shows = repositoryRoot.appendingPathComponent("scripts/shows")
        let names = try FileManager.default.contentsOfDirectory(atPath: shows.path).filter { $0.hasSuffix(".lua") }.sorted()
        let r = try ShowCallProcess.run(["check"] + names, in: shows)
        #expect(r.stdout.isEmpty && r.status == 0, "\(r.stdout)\(r.stderr)")
        let dir = try scratch([:])
        _ = try ShowCallProcess.run(["new", "gala"], in: dir)
        let gala = dir.appendingPathComponent("gala")
        let own = try ShowCallProcess.run(["check", "show.lua", "lib/stream.lua", "spec/stream_spec.lua"], in: gala)
        #expect(own.stdout.isEmpty && own.status == 0, "\(own.stdout)\(own.stderr)")
    }

    @Test("plan and run --rehearse stop at what check finds, before the script runs")
    func planAndRehearseCheckFirst() throws {
        let verb = try Self.expected("verb-typo.lua")
        for command in [["plan"], ["run", "--rehearse"]] {
            let r = try ShowCallProcess.run(command + ["verb-typo.lua"], in: Self.corpus)
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.hasPrefix("showcall: " + verb), "\(command): \(r.stderr)")
            // Nothing ran: no plan, no timeline.
            #expect(!r.stdout.contains("live"), "\(command): \(r.stdout)")
        }
        let undefined = try ShowCallProcess.run(["plan", "undefined-global.lua"], in: Self.corpus)
        #expect(undefined.status == 1)
        #expect(undefined.stderr.hasPrefix("showcall: " + (try Self.expected("undefined-global.lua"))), "\(undefined.stderr)")
    }

    @Test("a missing file is a usage error")
    func missingFile() throws {
        let r = try ShowCallProcess.run(["check", "no-such.lua"], in: Self.corpus)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("showcall: cannot open no-such.lua"), "\(r.stderr)")
    }
}
