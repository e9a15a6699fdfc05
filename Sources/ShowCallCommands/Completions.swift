import ArgumentParser
import Foundation
import Platforms

/// What the shell completes beyond subcommands and options: show scripts, journals and profile
/// names. Profiles and journals are read when the shell asks (`showcall ---completion`), from
/// the same files and directory `--profile` and `run` use; an unreadable file offers nothing.
enum Completions {
    static let script = CompletionKind.file(extensions: ["lua"])

    /// The profile names of the profile files (`./showcall.toml`, then the user's), by their
    /// tables' first key (`[production.vbrick]` is `production`).
    static let profile = CompletionKind.custom { _, _, prefix in
        var names = Set<String>()
        for file in ProfileLoader.defaultFiles() {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix("["), !trimmed.hasPrefix("[[") else { continue }
                let name = trimmed.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if !name.isEmpty { names.insert(String(name)) }
            }
        }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The journals `run` writes (newest first), and `.jsonl` files under the prefix's directory.
    static let journal = CompletionKind.custom { _, _, prefix in
        let dir = URL(fileURLWithPath: RunJournal.path(option: nil, script: "x")).deletingLastPathComponent().path
        let kept = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }
            .map { dir + "/" + $0 }.sorted(by: >)
        let here = prefix.contains("/") ? URL(fileURLWithPath: prefix).deletingLastPathComponent().path : "."
        let local = ((try? FileManager.default.contentsOfDirectory(atPath: here)) ?? []).filter { $0.hasSuffix(".jsonl") }
            .map { here == "." && !prefix.hasPrefix("./") ? $0 : here + "/" + $0 }
        return (local.sorted() + kept).filter { $0.hasPrefix(prefix) }
    }
}
