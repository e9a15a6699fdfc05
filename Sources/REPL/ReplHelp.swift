import LuaHost

/// `:help` and `:help NAME`.
enum ReplHelp {
    static func text(for name: String?, state: LuaState) -> String {
        guard let name else { return Repl.commandHelp }
        let members = Completion.candidates(in: state, for: name + ".")
        let kind = (try? state.load("return type(\(name))", name: "=help").call().first).flatMap { $0 } ?? .nil
        let typeName = if case .string(let s) = kind { s.description } else { "nil" }
        if members.isEmpty { return "\(name): \(typeName)\n" }
        return "\(name): \(typeName)\n" + members.map { "  \($0)\n" }.joined()
    }
}
