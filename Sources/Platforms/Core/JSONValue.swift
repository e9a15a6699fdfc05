import Foundation
import LuaHost

/// A platform's JSON as parsed. Integers stay integers (Convey's epoch milliseconds, Zoom's
/// webinar ids), so they reach Lua as integers rather than floats.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses a response body; nil for anything that is not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// Compact JSON with sorted keys, so that identical requests are identical on the wire.
    public var serialized: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    public var text: String { String(decoding: serialized, as: UTF8.self) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: Int64(d)
        case .string(let s): Int64(s)
        default: nil
        }
    }
}

extension JSONValue {
    /// The value as Lua sees it: objects and arrays become tables, null becomes nil.
    public var lua: LuaValue {
        switch self {
        case .null: .nil
        case .bool(let b): .boolean(b)
        case .int(let i): .integer(i)
        case .double(let d): .number(d)
        case .string(let s): .string(s)
        case .array(let a): .table(LuaTable(array: a.map(\.lua)))
        case .object(let o):
            .table(LuaTable(hash: Dictionary(uniqueKeysWithValues: o.compactMap { k, v in
                v == .null ? nil : (LuaValue.string(k), v.lua)
            })))
        }
    }

    /// A Lua value as JSON: a table with keys 1...n only is an array, one with string keys an
    /// object; anything else (functions, mixed or non-string keys) is an error naming `field`.
    public init(lua value: LuaValue, field: String) throws {
        switch value {
        case .nil: self = .null
        case .boolean(let b): self = .bool(b)
        case .integer(let i): self = .int(i)
        case .number(let d):
            guard d.isFinite else { throw PlatformInputError(field: field, rule: "must be a finite number") }
            self = .double(d)
        case .string(let s): self = .string(s.description)
        case .table(let t):
            if t.hash.isEmpty {
                self = .array(try t.array.enumerated().map { try JSONValue(lua: $1, field: "\(field)[\($0 + 1)]") })
                return
            }
            guard t.array.isEmpty else { throw PlatformInputError(field: field, rule: "must be a list or a record, not both") }
            var object: [String: JSONValue] = [:]
            for (k, v) in t.hash {
                guard case .string(let key) = k else { throw PlatformInputError(field: field, rule: "keys must be strings") }
                object[key.description] = try JSONValue(lua: v, field: "\(field).\(key)")
            }
            self = .object(object)
        }
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
