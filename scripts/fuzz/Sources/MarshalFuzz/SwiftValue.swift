import FuzzSupport
import LuaHost

/// Builds a `LuaValue` in Swift from fuzz bytes, including what Lua tables cannot hold (nil
/// and NaN keys, nils inside a list), to push it and read it back.
enum SwiftValue {
    static func make(_ input: inout ByteReader, depth: Int = 0, budget: inout Int) -> LuaValue {
        budget -= 1
        let b = input.byte()
        switch b % 9 {
        case 0: return .nil
        case 1: return .boolean(b & 16 != 0)
        case 2: return .integer([0, 1, -1, .max, .min, 1 << 53][Int(b / 9) % 6])
        case 3: return .integer(input.int64())
        case 4: return .number(input.double())
        case 5: return .number([0.0, -0.0, .infinity, -.infinity, .nan, 2.0, 0.5, 0x1p63][Int(b / 9) % 8])
        case 6: return .string(LuaString(bytes: input.take(Int(input.byte() % 32))))
        default:
            guard depth < 260, budget > 0 else { return .table(LuaTable()) }
            var t = LuaTable()
            for _ in 0 ..< Int(input.byte() % 8) { t.array.append(make(&input, depth: depth + 1, budget: &budget)) }
            for _ in 0 ..< Int(input.byte() % 8) {
                let key = make(&input, depth: depth + 1, budget: &budget)
                t.hash[key] = make(&input, depth: depth + 1, budget: &budget)
            }
            return .table(t)
        }
    }

    /// Whether the value comes back from Lua exactly as it went in: no nil or NaN where Lua
    /// drops or refuses it, no float key Lua turns into an integer, no hash key that lands in
    /// the list, no nesting deeper than the host reads.
    static func roundTrips(_ v: LuaValue, depth: Int = 0) -> Bool {
        guard case .table(let t) = v else { return true }
        guard depth < 200 else { return false }
        for e in t.array where e == .nil || !roundTrips(e, depth: depth + 1) { return false }
        for (k, e) in t.hash {
            switch k {
            case .nil: return false
            case .number(let d) where d.isNaN || d.rounded() == d: return false
            case .integer(let i) where i >= 1 && i <= Int64(t.array.count) + 1: return false
            default: break
            }
            if e == .nil || !roundTrips(k, depth: depth + 1) || !roundTrips(e, depth: depth + 1) { return false }
        }
        return true
    }
}
