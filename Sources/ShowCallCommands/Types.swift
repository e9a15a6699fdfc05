import ArgumentParser
import Foundation
import LuaHost

struct Types: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "Write Lua Language Server annotation files for every module ShowCall offers.",
        discussion: """
        One `---@meta` file per module (vbrick.lua, convey.lua, webex.lua, zoom.lua, huawei.lua, \
        core.lua, stub.lua, and the Lua libraries: showcall.lua, show.lua, ...), written from the \
        same definitions the REPL's :help reads. Point the editor at DIR: in .luarc.json, \
        "workspace.library": ["DIR"] (VS Code and Neovim read it through lua-language-server).
        """
    )

    @Argument(help: "The directory to write the files into (created if missing).", completion: .directory)
    var directory: String

    func run() throws {
        try reportingErrors {
            let files = try Annotations.files(stdlib: StandardLibrary.directory)
            do {
                try Annotations.write(files, to: directory)
            } catch {
                throw UsageError(description: "cannot write to \(directory): \(error.localizedDescription)")
            }
            print("wrote \(files.count) annotation files to \(directory): \(files.map(\.name).joined(separator: ", "))")
            return 0
        }
    }
}
