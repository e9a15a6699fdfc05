import Foundation
import Testing

/// The layers of Package.swift, kept: a module imports only the layers below it, only LuaHost
/// touches the C shim, and every module a target imports is one Package.swift declares for it.
@Suite("layering: who may import whom")
struct LayeringTests {
    /// Our modules by layer, lowest first. Modules of one layer do not import each other.
    static let layers: [[String]] = [
        ["CLua", "LuaShim"], ["LuaHost"], ["ShowEngine"], ["ControlAPI", "Platforms"], ["SharedStore", "REPL"], ["ShowCallCommands"], ["showcall"],
    ]
    /// Independent: the simulator speaks HTTP only, and imports none of ours.
    static let independent: Set<String> = ["Simulator", "CEditLine"]
    /// The C shim and the Lua C API: LuaHost's alone.
    static let shim: Set<String> = ["CLua", "LuaShim"]
    /// The toolchain's own modules, which no manifest declares.
    static let system: Set<String> = ["Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "Synchronization", "Testing", "XCTest"]

    static func rank(_ module: String) -> Int? { layers.firstIndex { $0.contains(module) } }

    /// Each target's folder (Sources/NAME, Tests/NAME) and the modules its Swift files import.
    static func imports(under folder: String) throws -> [String: Set<String>] {
        let root = repositoryRoot.appendingPathComponent(folder)
        var out: [String: Set<String>] = [:]
        let pattern = try Regex(#"^\s*(?:@testable\s+)?import\s+(?:(?:struct|class|enum|func|protocol)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#).anchorsMatchLineEndings()
        for target in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            guard let files = FileManager.default.enumerator(atPath: root.appendingPathComponent(target).path) else { continue }
            var found: Set<String> = []
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(target).appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: pattern) { found.insert(String(match.output[1].substring ?? "")) }
            }
            out[target] = found
        }
        return out
    }

    /// What Package.swift declares for each target: its target and product dependencies.
    static func declared() throws -> [String: Set<String>] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let head = try Regex(#"\.(?:target|executableTarget|testTarget|systemLibrary)\(name: "([^"]+)""#)
        let starts = text.matches(of: head)
        var out: [String: Set<String>] = [:]
        for (i, match) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1].range.lowerBound : text.endIndex
            let block = text[match.range.upperBound ..< end]
            var names: Set<String> = []
            if let deps = block.range(of: "dependencies: [") {
                var depth = 1, j = deps.upperBound
                while j < block.endIndex, depth > 0 {
                    if block[j] == "[" { depth += 1 } else if block[j] == "]" { depth -= 1 }
                    j = block.index(after: j)
                }
                for quoted in block[deps.upperBound ..< j].matches(of: #/"([^"]+)"/#) { names.insert(String(quoted.output.1)) }
            }
            out[String(match.output[1].substring ?? "")] = names
        }
        return out
    }

    @Test("each module imports only layers below it; only LuaHost imports the C shim")
    func layersHold() throws {
        var violations: [String] = []
        for (module, imported) in try Self.imports(under: "Sources") {
            let ours = imported.filter { Self.rank($0) != nil || Self.independent.contains($0) }.subtracting([module])
            for other in ours.sorted() {
                if Self.shim.contains(other), !Self.shim.contains(module), module != "LuaHost" {
                    violations.append("\(module) imports the C shim (\(other)): only LuaHost may")
                } else if Self.independent.contains(module) {
                    violations.append("\(module) is independent but imports \(other)")
                } else if let mine = Self.rank(module), let theirs = Self.rank(other), theirs >= mine {
                    violations.append("\(module) imports \(other), a layer \(theirs == mine ? "beside" : "above") it")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.sorted().joined(separator: "\n"))")
    }

    @Test("every module a target imports is declared for it in Package.swift")
    func importsDeclared() throws {
        let declared = try Self.declared()
        var missing: [String] = []
        for folder in ["Sources", "Tests"] {
            for (target, imported) in try Self.imports(under: folder) {
                let allowed = (declared[target] ?? []).union(Self.system).union([target])
                for module in imported.subtracting(allowed).sorted() { missing.append("\(folder)/\(target) imports \(module), undeclared") }
            }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }
}
