/// A type as the Lua Language Server writes it ("string", "integer|string", "{tz?: string}",
/// "showcall.task[]"), or an object type bound with `LuaObject`, which completion, help and
/// the editor annotations follow. A type ending in "?" may be nil (an optional parameter).
public enum LuaTypeAnnotation: ExpressibleByStringLiteral {
    case named(String)
    case object(any LuaObject.Type)

    public init(stringLiteral value: String) { self = .named(value) }

    /// The name LuaLS reads: an object type is its `luaTypeName`.
    public var name: String {
        switch self {
        case .named(let name): name
        case .object(let type): type.luaTypeName
        }
    }

    public var objectType: (any LuaObject.Type)? {
        if case .object(let type) = self { type } else { nil }
    }

    /// Whether nil is allowed: the type ends in "?".
    public var isOptional: Bool { name.hasSuffix("?") }

    /// The type without its trailing "?".
    public var required: String { isOptional ? String(name.dropLast()) : name }
}

/// One parameter of a function or method: its name ("..." for the rest of the arguments) and type.
public struct LuaParameter {
    public let name: String
    public let type: LuaTypeAnnotation

    public init(_ name: String, _ type: LuaTypeAnnotation) {
        self.name = name
        self.type = type
    }

    /// `name: type` or `name?: type`, as in a LuaLS `fun(...)`.
    public var declaration: String {
        type.isOptional ? "\(name)?: \(type.required)" : "\(name): \(type.name)"
    }
}

extension LuaMemberDoc {
    /// `(id: string, options?: {timeout?: number}): vbrick.event`; a property: its type.
    public var signature: String {
        if kind == "property" { return returns.first?.name ?? "any" }
        let results = returns.isEmpty ? "" : ": " + returns.map(\.name).joined(separator: ", ")
        return "(" + params.map(\.declaration).joined(separator: ", ") + ")" + results
    }
}
