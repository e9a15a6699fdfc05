import LuaHost

/// Whether two copied Lua values hold the same data as Lua sees it: a float NaN matches a NaN,
/// and a zero's sign counts (Swift's `==` says neither).
public func same(_ a: LuaValue, _ b: LuaValue) -> Bool {
    switch (a, b) {
    case (.nil, .nil), (.null, .null): return true
    case (.boolean(let x), .boolean(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.number(let x), .number(let y)): return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
    case (.string(let x), .string(let y)): return x.bytes == y.bytes
    case (.table(let x), .table(let y)):
        guard x.array.count == y.array.count, x.hash.count == y.hash.count,
              zip(x.array, y.array).allSatisfy(same) else { return false }
        // A key holding a NaN somewhere inside equals no key by `==`: look for it by `same`.
        return x.hash.allSatisfy { key, value in
            if let match = y.hash[key] { return same(value, match) }
            return y.hash.contains { same(key, $0.key) && same(value, $0.value) }
        }
    default: return false
    }
}

/// Stops the fuzzer with a finding: libFuzzer saves the input that got here.
public func finding(_ message: @autoclosure () -> String) -> Never {
    fatalError("FUZZ FINDING: \(message().prefix(4000))")
}
