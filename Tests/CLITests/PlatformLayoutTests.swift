import Foundation
import Testing

/// CONTRIBUTING.md "Adding a platform": every platform has the same files in every layer, and
/// shared code names none of them but in its layer's one registration line.
@Suite("five platforms, one shape")
struct PlatformLayoutTests {
    /// A platform's files by layer, `Acme` standing for its name.
    static let files = [
        "Sources/Platforms/Acme/AcmeClient.swift", "Sources/Platforms/Acme/AcmePlatform.swift",
        "Sources/Platforms/Lua/AcmeBindings.swift",
        "Sources/Simulator/Acme/AcmeSeed.swift", "Sources/Simulator/Acme/AcmeState.swift", "Sources/Simulator/Acme/AcmeRoutes.swift",
    ]
    /// The registration line of each layer, in these files.
    static let registrations: Set<String> = ["Sources/Platforms/Core/PlatformKind.swift", "Sources/Simulator/World.swift"]

    static func folders(_ path: String) throws -> Set<String> {
        let root = repositoryRoot.appendingPathComponent(path)
        return Set(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &directory) && directory.boolValue
        })
    }

    /// The platforms: the folders of the simulator, which must be those of the clients.
    static func platforms() throws -> [String] {
        let simulated = try folders("Sources/Simulator")
        let clients = try folders("Sources/Platforms").subtracting(["Core", "Lua", "Profiles"])
        #expect(simulated == clients)
        return simulated.sorted()
    }

    @Test("every platform has the same files in every layer")
    func sameFiles() throws {
        let platforms = try Self.platforms()
        #expect(platforms.count >= 5)
        for platform in platforms {
            for file in Self.files.map({ $0.replacingOccurrences(of: "Acme", with: platform) }) {
                #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent(file).path), "\(platform): no \(file)")
            }
        }
    }

    @Test("shared code names no platform, but for one registration line per layer")
    func sharedCodeNamesNone() throws {
        let platforms = try Self.platforms()
        let names = platforms.flatMap { p in ["\(p)State", "\(p)Platform", "\(p)Client", "\(p)Seed", "\(p)Settings", ".\(p.lowercased())"] }
        let own = platforms.flatMap { p in ["Sources/Platforms/\(p)/", "Sources/Simulator/\(p)/", "Sources/Platforms/Lua/\(p)Bindings.swift"] }
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path))
        var checked = 0
        for case let file as String in files where file.hasSuffix(".swift") {
            let path = "Sources/" + file
            guard !own.contains(where: { path.hasPrefix($0) }) else { continue }
            checked += 1
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let naming = text.split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
                .filter { line in names.contains { name in line.contains(name) && Self.isWord(name, in: line) } }
            let allowed = Self.registrations.contains(path) ? 1 : 0
            #expect(naming.count == allowed, "\(path) names a platform outside its registration: \(naming)")
        }
        #expect(checked > 50)
    }

    /// `name` in `line` not followed by more of an identifier (`.zoomed` is not `.zoom`).
    static func isWord(_ name: String, in line: String) -> Bool {
        var rest = Substring(line)
        while let range = rest.range(of: name) {
            let next = rest[range.upperBound...].first
            if next.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
