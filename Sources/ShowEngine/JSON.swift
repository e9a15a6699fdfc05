import LuaHost

/// Lua data as JSON text: tables with only 1...n keys are arrays, others objects (keys as strings).
enum JSON {
    static func encode(_ value: LuaValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: LuaValue, into out: inout String) {
        switch value {
        case .nil: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null"
        case .string(let s): quote(s.description, into: &out)
        case .table(let t):
            if t.hash.isEmpty, !t.array.isEmpty {
                out += "["
                for (i, v) in t.array.enumerated() {
                    if i > 0 { out += "," }
                    write(v, into: &out)
                }
                out += "]"
                return
            }
            out += "{"
            var first = true
            let pairs = t.array.enumerated().map { (LuaValue.integer(Int64($0.offset + 1)), $0.element) }
                + t.hash.sorted { key($0.key) < key($1.key) }.map { ($0.key, $0.value) }
            for (k, v) in pairs {
                if !first { out += "," }
                first = false
                quote(key(k), into: &out)
                out += ":"
                write(v, into: &out)
            }
            out += "}"
        }
    }

    private static func key(_ k: LuaValue) -> String {
        switch k {
        case .string(let s): s.description
        case .integer(let i): String(i)
        default: encode(k)
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}

/// `s` as a JSON string, quoted and escaped as the journal and the event stream write it: for
/// the layers above (the control API's answers).
public func jsonQuoted(_ s: String) -> String {
    var out = ""
    JSON.quote(s, into: &out)
    return out
}
