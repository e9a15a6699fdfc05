import ArgumentParser
import Foundation
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

struct NewShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new show folder from a template: show.lua, lib/, spec/, .luarc.json and .luacheckrc.",
        discussion: """
        The show runs against the simulator as written: try `showcall run --rehearse show.lua` \
        and `showcall test` inside the folder. It never overwrites: an existing NAME is a usage \
        error (exit 2).
        """
    )

    @Argument(help: "The folder to create (its last component names the show).")
    var name: String

    func run() throws {
        try reportingErrors {
            let folder = name.hasSuffix("/") ? String(name.dropLast()) : name
            let title = String(folder.split(separator: "/").last ?? "")
            guard !title.isEmpty, title != ".", title != ".." else {
                throw UsageError(description: "new: '\(name)' is not a folder name")
            }
            // The name goes into show.lua, as a string and in a comment: a line break there
            // would end the comment and make the rest of the name code.
            guard !InputText.hasControlCharacter(folder) else {
                throw UsageError(description: "new: a folder name with a control character (a line break, a tab) is refused")
            }
            // mkdir fails on anything already there, file or folder: nothing is ever overwritten.
            guard mkdir(folder, 0o755) == 0 else {
                let reason = errno == EEXIST ? "already exists; not overwriting it" : String(cString: strerror(errno))
                throw UsageError(description: "new: \(folder) \(reason)")
            }
            for (path, text) in ShowTemplate.files(title: title) {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            Console.out("""
                Created \(folder)/: show.lua, lib/stream.lua, spec/stream_spec.lua, .luarc.json, .luacheckrc, README.md
                  cd \(folder)
                  showcall check show.lua             # mistakes found without running anything
                  showcall run --rehearse show.lua    # the show in virtual time, against the simulator
                  showcall test                       # its specs
                  showcall types .showcall/types      # editor annotations for .luarc.json

                """)
            return 0
        }
    }
}
