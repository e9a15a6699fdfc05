import LuaHost

/// JSON as Lua data, both ways: the one codec on ShowCall's side of the simulator boundary. The
/// journal writes and reads its entries with it, the show hub its events and states, and the
/// platform clients their requests and the platforms' answers.
///
/// - Integers and floats stay apart: `3` is an integer and `3.0` a float, written back as such.
/// - `null` is `LuaValue.null` (`showcall.null` in Lua) wherever it stands, so a list keeps its
///   length and order and an object its key; `.null` and `.nil` are written as `null`.
/// - A table with only the keys 1...n is a list, any other an object; an empty table is `{}`.
///   Objects are written with their keys in byte order, so the same value is the same text.
public enum LuaJSON {
    /// Why a value cannot be sent as JSON, naming where in it: `settings.resolution[2]`.
    public struct ValueError: Error, CustomStringConvertible, Sendable {
        public let field: String
        public let rule: String
        public var description: String { "\(field) \(rule)" }
    }

    /// Why bytes are not JSON.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let reason: String
        public var description: String { "not JSON at byte \(offset): \(reason)" }
    }

    // MARK: encoding

    /// The value as JSON text, never failing: what JSON cannot say is written as near as it can
    /// be (NaN and the infinities as `null`; a table with both list and other keys as an object,
    /// its keys as text). For the records ShowCall keeps: the journal, the show's events.
    public static func encode(_ value: LuaValue) -> String {
        var writer = Writer(strict: false)
        try? writer.write(value, field: "")
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// The value as JSON bytes exactly, or an error naming `field` (or the part of it) that JSON
    /// cannot say: a NaN or infinite number, a table with both list and other keys, an object key
    /// that is not a string. For what goes to a platform.
    public static func bytes(_ value: LuaValue, field: String) throws(ValueError) -> [UInt8] {
        var writer = Writer(strict: true)
        try writer.write(value, field: field)
        return writer.out
    }

    /// `s` as a JSON string, quoted and escaped.
    public static func quoted(_ s: String) -> String {
        var writer = Writer(strict: false)
        writer.quote(Array(s.utf8))
        return String(decoding: writer.out, as: UTF8.self)
    }

    private struct Writer {
        let strict: Bool
        var out: [UInt8] = []

        init(strict: Bool) {
            self.strict = strict
            out.reserveCapacity(256)
        }

        mutating func write(_ value: LuaValue, field: @autoclosure () -> String) throws(ValueError) {
            switch value {
            case .nil, .null: append("null")
            case .boolean(let b): append(b ? "true" : "false")
            case .integer(let i): append(String(i))
            case .number(let d):
                if d.isFinite { append(d.description) } // the shortest text that reads back as d, a float
                else if strict { throw ValueError(field: field(), rule: "must be a finite number") }
                else { append("null") }
            case .string(let s): quote(s.bytes)
            case .table(let t): try write(t, field: field())
            }
        }

        private mutating func write(_ t: LuaTable, field: @autoclosure () -> String) throws(ValueError) {
            if t.hash.isEmpty, !t.array.isEmpty {
                out.append(UInt8(ascii: "["))
                for (i, element) in t.array.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    try write(element, field: "\(field())[\(i + 1)]")
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            if strict, !t.array.isEmpty { throw ValueError(field: field(), rule: "must be a list or a record, not both") }
            var members: [(key: [UInt8], value: LuaValue)] = t.array.enumerated().map { (Array(String($0.offset + 1).utf8), $0.element) }
            for (k, v) in t.hash {
                switch k {
                case .string(let s): members.append((s.bytes, v))
                case .integer(let i) where !strict: members.append((Array(String(i).utf8), v))
                default:
                    if strict { throw ValueError(field: field(), rule: "keys must be strings") }
                    members.append((Array(LuaJSON.encode(k).utf8), v))
                }
            }
            members.sort { $0.key.lexicographicallyPrecedes($1.key) }
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                quote(member.key)
                out.append(UInt8(ascii: ":"))
                try write(member.value, field: Self.member(field(), member.key))
            }
            out.append(UInt8(ascii: "}"))
        }

        private static func member(_ field: String, _ key: [UInt8]) -> String {
            field.isEmpty ? String(decoding: key, as: UTF8.self) : "\(field).\(String(decoding: key, as: UTF8.self))"
        }

        private mutating func append(_ text: String) { out.append(contentsOf: text.utf8) }

        /// A string of UTF-8 (a byte that is not becomes U+FFFD), control characters escaped.
        mutating func quote(_ bytes: [UInt8]) {
            out.append(UInt8(ascii: "\""))
            for b in String(decoding: bytes, as: UTF8.self).utf8 {
                switch b {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case ..<0x20:
                    let hex = String(b, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    // MARK: decoding

    /// JSON text (one value, with white space around it at most) as Lua data. Tables nest at
    /// most as deep as the host copies them (`LuaStack.maxDepth`).
    public static func decode(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> LuaValue {
        var reader = Reader(bytes: Array(bytes))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == reader.bytes.count else { throw reader.error("more after the value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        func error(_ reason: String) -> SyntaxError { SyntaxError(offset: at, reason: reason) }

        var next: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skipSpace() {
            while let b = next, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
        }

        mutating func expect(_ word: String, _ value: LuaValue) throws(SyntaxError) -> LuaValue {
            for b in word.utf8 {
                guard next == b else { throw error("expected \(word)") }
                at += 1
            }
            return value
        }

        mutating func value(depth: Int) throws(SyntaxError) -> LuaValue {
            switch next {
            case UInt8(ascii: "{")?: return .table(try object(depth: depth + 1))
            case UInt8(ascii: "[")?: return .table(try list(depth: depth + 1))
            case UInt8(ascii: "\"")?: return .string(LuaString(bytes: try string()))
            case UInt8(ascii: "t")?: return try expect("true", .boolean(true))
            case UInt8(ascii: "f")?: return try expect("false", .boolean(false))
            case UInt8(ascii: "n")?: return try expect("null", .null)
            case let b? where b == UInt8(ascii: "-") || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(b): return try number()
            case nil: throw error("expected a value, found the end")
            default: throw error("expected a value")
            }
        }

        mutating func enter(_ depth: Int) throws(SyntaxError) {
            guard depth <= LuaStack.maxDepth else { throw error("nested deeper than \(LuaStack.maxDepth)") }
            at += 1
            skipSpace()
        }

        mutating func list(depth: Int) throws(SyntaxError) -> LuaTable {
            try enter(depth)
            var array: [LuaValue] = []
            if next == UInt8(ascii: "]") {
                at += 1
                return LuaTable()
            }
            while true {
                array.append(try value(depth: depth))
                skipSpace()
                switch next {
                case UInt8(ascii: ",")?: at += 1; skipSpace()
                case UInt8(ascii: "]")?: at += 1; return LuaTable(array: array)
                default: throw error("expected , or ] in a list")
                }
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> LuaTable {
            try enter(depth)
            var table = LuaTable()
            if next == UInt8(ascii: "}") {
                at += 1
                return table
            }
            while true {
                guard next == UInt8(ascii: "\"") else { throw error("expected a key (a string)") }
                let key = try string()
                skipSpace()
                guard next == UInt8(ascii: ":") else { throw error("expected : after a key") }
                at += 1
                skipSpace()
                table.hash[.string(LuaString(bytes: key))] = try value(depth: depth)
                skipSpace()
                switch next {
                case UInt8(ascii: ",")?: at += 1; skipSpace()
                case UInt8(ascii: "}")?: at += 1; return table
                default: throw error("expected , or } in an object")
                }
            }
        }

        /// The bytes of a string, escapes resolved (a lone surrogate becomes U+FFFD).
        mutating func string() throws(SyntaxError) -> [UInt8] {
            at += 1
            var out: [UInt8] = []
            while true {
                guard let b = next else { throw error("a string is not closed") }
                at += 1
                switch b {
                case UInt8(ascii: "\""): return out
                case UInt8(ascii: "\\"):
                    guard let e = next else { throw error("a string is not closed") }
                    at += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: String(try scalar()).utf8)
                    default: throw error("unknown escape \\\(Character(Unicode.Scalar(e)))")
                    }
                case ..<0x20: throw error("a control character in a string")
                default: out.append(b)
                }
            }
        }

        /// The character of a `\uXXXX` escape (the backslash and `u` read), with its low
        /// surrogate when it is a high one.
        mutating func scalar() throws(SyntaxError) -> Character {
            let unit = try hex4()
            if (0xD800 ..< 0xDC00).contains(unit), bytes.count - at >= 6,
               bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                let mark = at
                at += 2
                let low = try hex4()
                if (0xDC00 ..< 0xE000).contains(low),
                   let s = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                    return Character(s)
                }
                at = mark
            }
            return Character(Unicode.Scalar(unit) ?? "\u{FFFD}")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard bytes.count - at >= 4, let unit = UInt32(String(decoding: bytes[at ..< at + 4], as: UTF8.self), radix: 16) else {
                throw error("expected four hex digits after \\u")
            }
            at += 4
            return unit
        }

        /// A number: an integer when written without a fraction or exponent and within 64 bits,
        /// else a float.
        mutating func number() throws(SyntaxError) -> LuaValue {
            let start = at
            var isFloat = false
            func digits() -> Int {
                let from = at
                while let b = next, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(b) { at += 1 }
                return at - from
            }
            if next == UInt8(ascii: "-") { at += 1 }
            let whole = at
            guard digits() > 0 else { throw error("expected a digit") }
            if bytes[whole] == UInt8(ascii: "0"), at - whole > 1 { throw error("a number with a leading zero") }
            if next == UInt8(ascii: ".") {
                isFloat = true
                at += 1
                guard digits() > 0 else { throw error("expected a digit after the decimal point") }
            }
            if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                isFloat = true
                at += 1
                if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { at += 1 }
                guard digits() > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(decoding: bytes[start ..< at], as: UTF8.self)
            if !isFloat, let i = Int64(text) { return .integer(i) }
            guard let d = Double(text), d.isFinite else { throw error("a number out of range") }
            return .number(d)
        }
    }
}
