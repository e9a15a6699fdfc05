import Foundation
import LuaHost
import Platforms
import ShowEngine

/// One thing `showcall check` found: where, and what, printed as `file:line: message`.
struct Finding: Equatable {
    let file: String
    let line: Int
    let message: String

    var text: String { "\(file):\(line): \(message)" }
}

/// Everything that can be known about a show script without running it: its syntax, what its
/// source says (`Lua/show_check.lua`: undefined globals, unknown `require`s, unknown methods
/// and fields of platform objects and modules), and, when asked, its declarations (the script
/// run in plan mode, where `show.new` and `s:step` check every option and no action runs).
/// `check` runs all of it; `plan` and `run --rehearse` run the source checks before the script.
/// Each pass has a state of its own, so the script's state is never touched by a check.
enum ShowCheck {
    /// The findings for `script` (a path as the operator gave it), in source order.
    static func findings(script: String, plan: Bool) throws -> [Finding] {
        guard let source = FileManager.default.contents(atPath: script) else {
            throw UsageError(description: "cannot open \(script): \(String(cString: strerror(errno)))")
        }
        // A spec runs as `showcall test` runs it: modules from the current directory and its
        // lib/, its globals given; it declares no show, so only its source is checked.
        let spec = script.hasSuffix("_spec.lua")
        let engine = try makeEngine(scriptDirectory: spec ? "." : StandardLibrary.parent(of: script))
        defer { engine.state.close() }
        let chunk: LuaFunction
        do {
            chunk = try engine.state.load(file: script)
        } catch {
            return [finding(script, String(describing: (error as? LuaError)?.message ?? "\(error)"))]
        }
        var found = try sourceFindings(engine: engine, script: script, source: source, spec: spec)
        guard plan, !spec else { return found }
        try engine.state.setGlobal("arg", ScriptSession.argTable(script: script, arguments: [], command: "check"))
        let main = try engine.runMain(chunk)
        if let failure = main.failure {
            let error = failure as? LuaError ?? LuaError(kind: .runtime, message: String(describing: failure))
            let declared = finding(script, error.message)
            // The plan stops at the first mistake; one the source checks named already is not
            // said twice (a missing module's error has no line: it is the require's finding).
            // An error placed elsewhere (in a library) is the script's from its first line.
            let missingModule = declared.line == 0 && declared.message.hasPrefix("module '")
                && found.contains { $0.message.hasPrefix("module '") }
            if !missingModule, declared.line == 0 || !found.contains(where: { $0.line == declared.line }) {
                found.append(declared.line > 0 ? declared : Finding(file: script, line: 1, message: declared.message))
            }
        }
        return found.sorted { $0.line < $1.line }
    }

    /// For `plan` and `run --rehearse`: prints the source checks' findings and says whether the
    /// script may run. A script read from standard input is not checked.
    static func passes(script: String?) throws -> Bool {
        guard let script else { return true }
        let found = try findings(script: script, plan: false)
        guard !found.isEmpty else { return true }
        Console.flush()
        for f in found { Console.err("showcall: \(f.text)\n") }
        Console.err("showcall: \(found.count) \(found.count == 1 ? "problem" : "problems") found before the show; `showcall check \(script)` lists them\n")
        return false
    }

    /// An engine in plan mode for `scriptDirectory`, whose output goes nowhere. A script that
    /// calls a platform at its top level (a setup read) gets the embedded simulator, never a
    /// profile's platforms: a check changes nothing anywhere.
    private static func makeEngine(scriptDirectory: String) throws -> Engine {
        let state = try ScriptSession.makeState(scriptDirectory: scriptDirectory, output: { _ in })
        let platforms = PlatformDirectory { try EmbeddedSimulator.profile() }
        return try Engine(state: state, clock: VirtualClock(startingAt: Date().timeIntervalSince1970), mode: .plan,
                          backends: [PlatformBackend(directory: platforms), StubBackend()], output: { _ in })
    }

    /// Modules that only some commands provide: `plan --html`'s run sheet (which the show
    /// library requires), and `showcall test`'s simulator for a spec.
    static func providedModules(spec: Bool) -> [String] { ["showcall.runsheet"] + (spec ? ["showcall.sim"] : []) }

    private static func sourceFindings(engine: Engine, script: String, source: Data, spec: Bool) throws -> [Finding] {
        let checker = try engine.state.load(PackageResources.show_check_lua, name: "=[showcall check]")
        let libraries = (StandardLibrary.directory.map { (try? Annotations.libraries($0)) ?? [] } ?? []).map(\.module)
        let names = engine.modules.map(\.name) + libraries
        var globals = ["arg"]
        if spec { globals += SpecGlobals.names }
        let result = try checker.call([
            LuaAnnotations.catalogue(for: engine.modules),
            LuaValue.string(LuaString(bytes: Array(source))),
            LuaValue.table(LuaTable(array: names.map { .string(LuaString($0)) })),
            LuaValue.table(LuaTable(array: globals.map { .string(LuaString($0)) })),
            LuaValue.table(LuaTable(array: providedModules(spec: spec).map { .string(LuaString($0)) })),
        ])
        guard case .table(let list)? = result.first else { return [] }
        return list.array.compactMap { item in
            guard case .table(let t) = item, case .integer(let line) = t["line"], case .string(let message) = t["message"] else { return nil }
            return Finding(file: script, line: Int(line), message: message.string ?? "")
        }
    }

    /// A Lua error's message as a finding: `script:LINE: message` keeps its line; anything
    /// else (a module that is not found) has line 0.
    private static func finding(_ script: String, _ message: String) -> Finding {
        let first = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? message
        let prefix = script + ":"
        if first.hasPrefix(prefix) {
            let rest = first.dropFirst(prefix.count)
            if let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) {
                return Finding(file: script, line: line, message: String(rest[rest.index(after: colon)...].drop(while: { $0 == " " })))
            }
        }
        return Finding(file: script, line: 0, message: first)
    }
}

/// The globals `showcall test` gives a spec file (`showcall.spec`'s `run_file`).
enum SpecGlobals {
    static let names = ["describe", "it", "before_each", "after_each", "expect"]
}
