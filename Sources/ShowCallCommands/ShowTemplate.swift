import Foundation

/// The files `showcall new` writes: a small show that runs against the simulator as it stands,
/// a library of its own in `lib/`, a spec for it, the editor's and luacheck's settings. Nothing
/// in them names this machine: the folder can be copied or committed as it is.
enum ShowTemplate {
    /// Where `showcall types` is told to write the annotation files (see README.md of the show).
    static let typesDirectory = ".showcall/types"

    static func files(title: String) -> [(String, String)] {
        [
            ("show.lua", show(title)),
            ("lib/stream.lua", stream),
            ("spec/stream_spec.lua", spec),
            (".luarc.json", luarc),
            (".luacheckrc", String(decoding: PackageResources.luacheckrc_lua, as: UTF8.self)),
            ("README.md", readme(title)),
        ]
    }

    /// LuaLS settings: Lua 5.4, `require` as ShowCall resolves it, and ShowCall's annotations,
    /// once: `showcall types` writes the bindings and copies of the stdlib's libraries into one
    /// directory, relative to the folder.
    static var luarc: String {
        let library = [typesDirectory]
        let settings: [String: Any] = [
            "$schema": "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json",
            "runtime.version": "Lua 5.4",
            "runtime.path": ["?.lua", "?/init.lua", "lib/?.lua", "lib/?/init.lua"],
            "workspace.library": library,
            "diagnostics.globals": ["describe", "it", "before_each", "after_each", "expect"],
        ]
        let data = try! JSONSerialization.data(withJSONObject: settings, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `text` as a Lua string literal.
    static func luaString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The show, its title filled in: `"{{title}}"` as a Lua string, `{{title}}` in a comment.
    static func show(_ title: String) -> String {
        String(decoding: PackageResources.show_lua, as: UTF8.self)
            .replacingOccurrences(of: "\"{{title}}\"", with: luaString(title))
            .replacingOccurrences(of: "{{title}}", with: title)
    }

    static var stream: String { String(decoding: PackageResources.stream_lua, as: UTF8.self) }

    static var spec: String { String(decoding: PackageResources.stream_spec_lua, as: UTF8.self) }

    static func readme(_ title: String) -> String {
        """
        # \(title)

        A ShowCall show. `show.lua` is the run of show, `lib/` holds its own Lua libraries
        (`require "stream"` finds `lib/stream.lua`; so does `$SHOWCALL_PATH`), `spec/` their specs.

            showcall check show.lua lib/*.lua spec/*.lua   # mistakes found without running anything
            showcall plan show.lua              # the steps and their planned times
            showcall run --rehearse show.lua    # the whole show in virtual time, against the simulator
            showcall test                       # every spec/*_spec.lua
            showcall run --profile production show.lua

        Editor support (VS Code, Neovim: Lua Language Server): `.luarc.json` reads ShowCall's
        annotation files from `\(typesDirectory)`; fill it once with

            showcall types \(typesDirectory)

        `luacheck .` reads `.luacheckrc` (Lua 5.4, the specs' globals).

        """
    }
}
