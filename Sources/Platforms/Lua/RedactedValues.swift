import LuaHost

extension Secrets {
    /// Lua data with every known secret blanked, and every field named like a secret
    /// (`stream_key`, `password`...) too: what a journal may keep of a call's arguments and results.
    static func redact(_ value: LuaValue) -> LuaValue {
        switch value {
        case .string(let s): return .string(redact(s.description))
        case .table(let t):
            var out = LuaTable(array: t.array.map(redact))
            for (k, v) in t.hash {
                if case .string(let name) = k, isSecretField(name.description) { out.hash[k] = "[redacted]" } else { out.hash[k] = redact(v) }
            }
            return .table(out)
        default: return value
        }
    }
}
