import Foundation
import LuaHost
import Platforms
import ShowEngine

/// The editor annotation files of every module a script can `require`: the Swift bindings'
/// `---@meta` files, written from their definitions, and ShowCall's Lua libraries, copied
/// with a `---@meta NAME` line on top (their LuaLS comments are their annotations). One file
/// per module, named after the module's last part: `vbrick.lua`, `core.lua`, `showcall.lua`.
enum Annotations {
    struct File {
        let module: String
        let text: String
        var name: String { (module.split(separator: ".").last.map(String.init) ?? module) + ".lua" }
    }

    static func files(stdlib: String?) throws -> [File] {
        let all = try bindings() + (stdlib.map(libraries) ?? [])
        var owners: [String: String] = [:]
        for file in all {
            if let other = owners.updateValue(file.module, forKey: file.name) {
                throw UsageError(description: "modules \(other) and \(file.module) would both be written to \(file.name)")
            }
        }
        return all
    }

    /// Writes `files` into `directory`, creating it if missing.
    static func write(_ files: [File], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            try file.text.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
    }

    /// The modules of Swift functions an engine installs, platforms and rehearsal stubs
    /// included. Nothing is called: the platforms' profile is never read.
    static func bindings() throws -> [File] {
        let platforms = PlatformDirectory(resolve: { throw UsageError(description: "types reads no profile") })
        let engine = try Engine(state: try LuaState(output: { _ in }), clock: RealClock(), mode: .plan,
                                backends: [PlatformBackend(directory: platforms), StubBackend()], output: { _ in })
        return LuaAnnotations.files(for: engine.modules).map { File(module: $0.module, text: $0.text) }
    }

    /// Each `.lua` file under `stdlib` as the module `require` finds it by:
    /// `showcall/init.lua` is `showcall`, `showcall/show.lua` is `showcall.show`.
    static func libraries(_ stdlib: String) throws -> [File] {
        let root = URL(fileURLWithPath: stdlib).standardizedFileURL
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [File] = []
        for case let url as URL in walk {
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            guard let module = module(at: path) else { continue }
            let source = try String(contentsOf: url, encoding: .utf8)
            files.append(File(module: module, text: "---@meta \(module)\n" + source))
        }
        return files.sorted { $0.module < $1.module }
    }

    /// The module a file under `stdlib/` is, by its relative path; nil for what is not a
    /// library: not Lua, or a spec (`*_spec.lua`, or under `spec/` or `tests/`).
    static func module(at path: String) -> String? {
        guard path.hasSuffix(".lua"), !path.hasSuffix("_spec.lua") else { return nil }
        var parts = path.dropLast(4).split(separator: "/").map(String.init)
        if parts.dropLast().contains(where: { ["spec", "specs", "test", "tests"].contains($0) }) { return nil }
        if parts.count > 1, parts.last == "init" { parts.removeLast() }
        return parts.joined(separator: ".")
    }
}
