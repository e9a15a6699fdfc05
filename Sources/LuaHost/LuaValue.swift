/// A Lua value that carries data, copied out of the state. Integers and floats stay apart,
/// as Lua 5.4 keeps them. Functions, userdata and threads are state-bound and are reached
/// through `LuaCall`, `LuaFunction` and the object registry instead.
public enum LuaValue: Hashable, Sendable {
    case `nil`
    /// JSON's `null`: to Lua, the one sentinel value `showcall.null` (a userdata), which, unlike
    /// nil, keeps its place in a list and its key in a table.
    case null
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)

    public static func string(_ s: String) -> LuaValue { .string(LuaString(s)) }

    /// The Lua type name, as `type()` returns it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .null: "userdata"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        }
    }

    /// Lua truthiness: only nil and false are false.
    public var isTruthy: Bool {
        switch self {
        case .nil: false
        case .boolean(let b): b
        default: true
        }
    }
}

/// A Lua table copied out of the state: the sequence 1...n in `array`, every other key in `hash`.
public struct LuaTable: Hashable, Sendable {
    public var array: [LuaValue]
    public var hash: [LuaValue: LuaValue]

    public init(array: [LuaValue] = [], hash: [LuaValue: LuaValue] = [:]) {
        self.array = array
        self.hash = hash
    }

    public subscript(key: String) -> LuaValue {
        get { hash[.string(key)] ?? .nil }
        set { hash[.string(key)] = newValue == .nil ? nil : newValue }
    }

    public subscript(index: Int) -> LuaValue {
        array.indices.contains(index - 1) ? array[index - 1] : hash[.integer(Int64(index))] ?? .nil
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .table(LuaTable(hash: Dictionary(elements, uniquingKeysWith: { $1 })))
    }
}

extension LuaTable {
    /// A record: `LuaTable(["type": "command", "show": .string(name)])`.
    public init(_ fields: KeyValuePairs<String, LuaValue>) {
        self.init()
        for (key, value) in fields { self[key] = value }
    }
}
