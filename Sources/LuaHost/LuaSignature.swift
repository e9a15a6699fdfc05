/// A type as the Lua Language Server writes it ("string", "integer|string", "{tz?: string}",
/// "showcall.task[]"), or an object type bound with `LuaObject`, which completion, help and
/// the editor annotations follow. A type ending in "?" may be nil (an optional parameter).
public enum LuaTypeAnnotation: ExpressibleByStringLiteral {
    case named(String)
    case object(any LuaObject.Type)
    /// A table declared field by field, which the editor annotations write as a class.
    case shape(LuaShape)

    public init(stringLiteral value: String) { self = .named(value) }

    /// The name LuaLS reads: an object type is its `luaTypeName`.
    public var name: String {
        switch self {
        case .named(let name): name
        case .object(let type): type.luaTypeName
        case .shape(let shape): shape.name
        }
    }

    public var shape: LuaShape? {
        if case .shape(let shape) = self { shape } else { nil }
    }

    public var objectType: (any LuaObject.Type)? {
        if case .object(let type) = self { type } else { nil }
    }

    /// Whether nil is allowed: the type ends in "?".
    public var isOptional: Bool { name.hasSuffix("?") }

    /// The type without its trailing "?".
    public var required: String { isOptional ? String(name.dropLast()) : name }
}

/// A table a binding returns, field by field (`zoom.livestream_status`: `stream_url`,
/// `page_url`...), with the enumerations its fields name (`---@alias vbrick.event_state
/// "Scheduled"|...`). `showcall types` writes it as a LuaLS class, so an editor flags a field
/// the answer does not have (`livestream:status().status`). Not exact: a platform's answer may
/// carry more than the fields its document promises.
public struct LuaShape: Sendable {
    public struct Field: Sendable {
        public let name: String
        public let type: String
        public let doc: String
    }

    public let name: String
    public let doc: String
    public let fields: [Field]
    public let aliases: [(name: String, values: [String])]
    /// The shapes its fields name, written with it.
    public let nested: [LuaShape]

    /// `fields`: `(name, type, doc)`; a type ending in "?" may be missing or null.
    public init(_ name: String, doc: String, fields: [(String, String, String)], aliases: [(name: String, values: [String])] = [],
                nested: [LuaShape] = []) {
        self.name = name
        self.doc = doc
        self.fields = fields.map { Field(name: $0.0, type: $0.1, doc: $0.2) }
        self.aliases = aliases
        self.nested = nested
    }

    /// The LuaLS lines: its aliases, then the class and its fields.
    var annotation: [String] {
        aliases.map { alias in "---@alias \(alias.name) " + alias.values.map { "\"\($0)\"" }.joined(separator: "|") }
            + ["--- " + doc, "---@class \(name)"]
            + fields.map { "---@field \($0.name) \($0.type)" + ($0.doc.isEmpty ? "" : " " + $0.doc) }
            + [""] + nested.flatMap(\.annotation)
    }
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
