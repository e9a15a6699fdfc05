import LuaHost

/// Reading Lua data copied out of the state: fields of tables, numbers of either kind, strings.
extension LuaValue {
    public func field(_ name: String) -> LuaValue {
        if case .table(let t) = self { return t[name] }
        return .nil
    }

    public var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// An integer, or a float with an integral value that fits.
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): i
        case .number(let d) where d == d.rounded() && abs(d) < 9e18: Int64(d)
        default: nil
        }
    }

    /// A string, or nil.
    public var text: String? {
        if case .string(let s) = self { s.description } else { nil }
    }
}

extension LuaTable {
    /// A string field, or nil.
    public func string(_ key: String) -> String? { self[key].text }
}

/// Reading JSON decoded as Lua data (a platform's answer, a journal entry) and making records.
extension LuaValue {
    /// The member `key` of an object; nil when there is none, or when this is not a table.
    public subscript(key: String) -> LuaValue? {
        if case .table(let t) = self { t.hash[.string(LuaString(key))] } else { nil }
    }

    /// A boolean, or nil.
    public var boolValue: Bool? {
        if case .boolean(let b) = self { b } else { nil }
    }

    /// The elements of a list (an empty table is an empty list), or nil.
    public var list: [LuaValue]? {
        if case .table(let t) = self, t.hash.isEmpty { t.array } else { nil }
    }

    /// The members of a record by name (an empty table is an empty record), or nil for anything
    /// else, a list included.
    public var record: [String: LuaValue]? {
        guard case .table(let t) = self, t.array.isEmpty else { return nil }
        var out: [String: LuaValue] = [:]
        for (k, v) in t.hash {
            guard case .string(let s) = k else { return nil }
            out[s.description] = v
        }
        return out
    }

    /// A record made in Swift: `.table(["action": "start"])`.
    public static func table(_ fields: [String: LuaValue]) -> LuaValue {
        .table(LuaTable(hash: Dictionary(uniqueKeysWithValues: fields.map { (LuaValue.string(LuaString($0.key)), $0.value) })))
    }
}
