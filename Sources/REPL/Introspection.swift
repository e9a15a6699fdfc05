import LuaHost

/// Tab completion and `:help`, written in Lua so that they see the state exactly as scripts
/// do, and without side effects: values are read raw (no `__index` function runs) and calls
/// are never made; a call is followed through the return type its binding documents, so
/// `zoom.webinar(1).livestream:st<TAB>` completes before any webinar exists.
///
/// Documentation comes from the bindings' own definitions (the state's `LuaDocumentation`
/// catalogue) and, for Lua libraries, from the LuaLS `---` comments above a definition.
final class Introspection {
    private let entry: LuaFunction

    init(state: LuaState) throws {
        // Under the sandbox, help still reads sources and debug information, as the host.
        let original = { (name: String) -> any LuaPushable in state.unsandboxed(name) ?? LuaValue.nil }
        entry = try state.load(PackageResources.introspection_lua, name: "=[showcall introspection]")
            .callReturningFunction([LuaDocumentation(), original("debug.getinfo"), original("io.open")])
    }

    /// Candidates for the word before the cursor, each the whole word completed.
    func candidates(for word: String) -> [String] {
        guard case .table(let table)? = try? entry.call(["complete", word]).first else { return [] }
        return table.array.compactMap { if case .string(let s) = $0 { s.string } else { nil } }
    }

    /// What `:help NAME` prints.
    func help(for name: String) -> String {
        guard case .string(let text)? = try? entry.call(["help", name]).first else { return "\(name): no help\n" }
        return text.description
    }

}
