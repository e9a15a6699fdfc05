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
