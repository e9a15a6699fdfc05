import ArgumentParser
import Foundation
import LuaHost
import Platforms
import ShowEngine
import Simulator
#if canImport(Glibc)
import Glibc
#endif

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua spec files (describe, it, expect) in virtual time against the simulator.",
        discussion: """
        With no SPEC, runs every *_spec.lua under ./spec. A directory runs the specs under it. \
        Each file gets a fresh Lua state, virtual clock and simulator state; `require` finds \
        ./, ./lib, $SHOWCALL_PATH and ShowCall's stdlib. `require "showcall.sim"` gives faults, \
        reset and webhook messages. Exit status: 0 when every spec passed, 1 on any failure or \
        error, 2 on a usage error.
        """
    )

    @Flag(help: "Also print the specs' show log (sc.log lines, show events) and the clients' notices, on standard error.")
    var verbose = false

    @Option(help: ArgumentHelp("Also write the outcomes as JUnit XML (one testsuite per file, one testcase per spec), for CI systems.",
                               valueName: "FILE"), completion: .file(extensions: ["xml"]))
    var junit: String?

    @Argument(help: "Spec files or directories (default: spec/).", completion: Completions.script)
    var specs: [String] = []

    func run() throws {
        try reportingErrors {
            let files = try SpecFiles.find(specs)
            if !verbose { ConsoleLogHandler.level = .warning }
            let sim = try EmbeddedSimulator.simulator()
            var total = SpecCounts()
            var outcomes: [LuaValue] = []
            for file in files {
                sim.reset()
                let results = ShowReportCollector(module: ShowReportCollector.specResults)
                let counts = try SpecFile.run(file, sim: sim, verbose: verbose, results: results)
                total.add(counts)
                outcomes += results.values
                // A file that failed before its specs ran (or stalled) is one error of its own.
                if counts.errors > 0, !JUnitReport.cases(results.values).contains(where: { $0.status == "error" }) {
                    outcomes.append(.table(LuaTable(hash: ["file": .string(LuaString(file)), "name": .string(LuaString(file)),
                                                           "status": "error", "message": "the spec file stopped before its specs ran"])))
                }
            }
            if let junit {
                do {
                    try JUnitReport.document(JUnitReport.cases(outcomes)).write(toFile: junit, atomically: true, encoding: .utf8)
                } catch {
                    throw UsageError(description: "--junit: cannot write \(junit): \(error.localizedDescription)")
                }
            }
            Console.out("\(total.passed) passed, \(total.failed) failed, \(total.errors) errors in \(files.count) file\(files.count == 1 ? "" : "s")\n")
            return total.failed + total.errors == 0 ? 0 : ExitStatus.scriptError
        }
    }
}

struct SpecCounts {
    var passed = 0, failed = 0, errors = 0

    mutating func add(_ other: SpecCounts) {
        passed += other.passed
        failed += other.failed
        errors += other.errors
    }
}

/// One spec file run in a state of its own, in a rehearsal (virtual clock, cues answered),
/// its platform calls going to `sim` through fresh clients.
enum SpecFile {
    static func run(_ path: String, sim: PlatformSimulator, verbose: Bool, results: ShowReportCollector) throws -> SpecCounts {
        let state = try ScriptSession.makeState(scriptDirectory: ".", output: nil)
        let profile = EmbeddedSimulator.simulatedProfile(sim, description: "the embedded simulator at \(sim.baseURL)")
        let engine = try Engine(state: state, clock: VirtualClock(startingAt: Date().timeIntervalSince1970), mode: .rehearse,
                                backends: [PlatformBackend(directory: PlatformDirectory(profile: profile)), StubBackend(), SimulatorModule(sim: sim), results],
                                output: verbose ? { Console.err($0 + "\n") } : { _ in })
        let runner = try state.load(PackageResources.spec_runner_lua, name: "=[showcall test]")
        let main: TaskHandle
        do {
            main = try engine.runMain(runner, args: [LuaValue.string(LuaString(path))])
        } catch let stalled as Scheduler.Stalled {
            Console.out("ERROR \(path): \(stalled)\n")
            return SpecCounts(errors: 1)
        }
        if let error = main.failure {
            Console.out("ERROR \(path): \((error as? LuaError)?.message ?? "\(error)")\n")
            return SpecCounts(errors: 1)
        }
        // The counts come back through Lua, which a spec file can reach: checked like any number from outside.
        let rule = NumberRule.count(0, 1 << 53, unit: "specs")
        guard let counts = try? main.results.map({ Int(try rule.integer($0.number ?? -1, "spec counts")) }), counts.count == 3 else {
            return SpecCounts(errors: 1)
        }
        return SpecCounts(passed: counts[0], failed: counts[1], errors: counts[2])
    }
}

/// The spec files to run: those named, the `*_spec.lua` under named directories, or with none
/// named every `*_spec.lua` under `spec/`, each list sorted.
enum SpecFiles {
    static func find(_ arguments: [String]) throws -> [String] {
        let roots = arguments.isEmpty ? ["spec"] : arguments
        var files: [String] = []
        for root in roots {
            if StandardLibrary.isDirectory(root) {
                files += specs(under: root)
            } else if access(root, R_OK) == 0 {
                files.append(root)
            } else {
                throw UsageError(description: arguments.isEmpty
                    ? "no spec/ directory here: name the spec files, or add spec/NAME_spec.lua"
                    : "cannot open \(root): \(String(cString: strerror(errno)))")
            }
        }
        if files.isEmpty { throw UsageError(description: "no *_spec.lua files under \(roots.joined(separator: ", "))") }
        return files
    }

    private static func specs(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix("_spec.lua") }.sorted().map { "\(base)/\($0)" }
    }
}
