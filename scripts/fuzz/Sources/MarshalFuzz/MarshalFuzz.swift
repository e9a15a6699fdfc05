import FuzzSupport
import Logging
import LuaHost

// One fuzz input, one fresh Lua state (so LeakSanitizer sees every Swift box Lua owned go).
// The first byte picks the mode:
//   0, 1  a Lua program (LuaProgram) builds a value; Swift copies it out, pushes the copy back
//         and reads it again; Lua-side and Swift-side checks say the copies hold the same data
//   2     a LuaValue built in Swift (SwiftValue) is pushed, read back and compared
//   3     the rest of the input is compiled by `load` in text mode (never run)
// A clean error (a cycle, a function inside a table, nesting past the host's limit) is an
// expected answer; a crash, a hang, a leak or a copy that differs is a finding.

@_cdecl("fuzz_marshal_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzMarshal(data, size) }
}

func fuzzMarshal(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = ByteReader(Array(UnsafeBufferPointer(start: data, count: size)))
    let state: LuaState
    do { state = try LuaState(output: { _ in }, logger: quiet) } catch { finding("no Lua state: \(error)") }
    switch input.byte() % 4 {
    case 0, 1: luaBuiltValue(&input, state)
    case 2: swiftBuiltValue(&input, state)
    default: _ = try? state.load(input.remaining, name: "=fuzz", mode: "t")
    }
    return 0
}

let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

/// A Swift error that a binding raises, with fields a script reads.
struct RaisedError: Error, LuaErrorFields, CustomStringConvertible {
    var luaFields: [String: LuaValue]
    var description: String { "raised: \(luaFields["message"] ?? "?")" }
}

func luaBuiltValue(_ input: inout ByteReader, _ state: LuaState) {
    installBindings(state)
    let program = LuaProgram.source(&input)
    do {
        try state.run(program, name: "=program")
    } catch {
        finding("the generated program failed: \(error)\n\(program)")
    }
    // Swift's copy, pushed back and copied again, must not change.
    let copied = Result { try state.global("V") }
    if case .success(let copy) = copied, count(copy) <= 100_000 {
        do {
            try state.setGlobal("W", copy)
            let again = try state.global("W")
            guard same(copy, again) else { finding("copy changed on its way back: \(copy) vs \(again)") }
        } catch {
            finding("a value read from Lua could not be pushed back or read again: \(error)")
        }
    }
    // The Lua-side checks: the copy against the original, conversions, errors both ways. Each
    // copies V again (eight times in all). Under ASan a copy costs microseconds a value, so a
    // huge value (a table shared 2^17 times, or one refused at the host's million-value limit)
    // is copied once, plus the round trip above if it has at most 100,000 values: more would
    // outlast the hang limit without anything hanging.
    switch copied {
    case .success(let copy) where count(copy) > 20_000: return
    case .failure(let error) where "\(error)".contains(" to copy"): return
    default: break
    }
    do {
        try state.run(checks, name: "=checks")
    } catch let error as LuaError where error.message.contains("MISMATCH") {
        finding("\(error.message)\n\(program)")
    } catch {
        finding("the checks failed: \(error)")
    }
    // A Lua error whose value is V reaching Swift: its message is V's tostring, run protected.
    if let raise = try? state.load("error(V, 0)", name: "=raise") {
        do { try raise.call(); finding("error() returned") } catch let e as LuaError { _ = e.message + e.traceback } catch {}
    }
}

/// How many values a copy holds, tables and keys included; a string counts a value per KB.
func count(_ v: LuaValue) -> Int {
    if case .string(let s) = v { return 1 + s.bytes.count >> 10 }
    guard case .table(let t) = v else { return 1 }
    return 1 + t.array.reduce(0) { $0 + count($1) } + t.hash.reduce(0) { $0 + count($1.key) + count($1.value) }
}

func installBindings(_ state: LuaState) {
    state.setGlobal("swift_echo", function: { call in try call.returning(try call.argument(1, as: LuaValue.self)) })
    state.setGlobal("swift_list", function: { call in
        try call.returning(values: try call.argument(1, as: [LuaValue].self))
    })
    state.setGlobal("swift_dict", function: { call in try call.returning(try call.argument(1, as: [String: LuaValue].self)) })
    state.setGlobal("swift_scalars", function: { call in
        try call.returning(try? call.argument(1, as: Int64.self), try? call.argument(1, as: Double.self),
                           try? call.argument(1, as: String.self), try? call.argument(1, as: Bool.self),
                           try? call.argument(1, as: LuaString.self), try? call.argument(1, as: Int.self))
    })
    state.setGlobal("swift_raise", function: { call in
        var fields: [String: LuaValue] = [:]
        if case .table(let t)? = try? call.argument(1, as: LuaValue.self) {
            for (k, v) in t.hash { if case .string(let name) = k, let name = name.string { fields[name] = v } }
        }
        throw RaisedError(luaFields: fields)
    })
    // A Lua error coming back through Swift and out again.
    state.setGlobal("swift_call", function: { call in
        let f = try call.function(1)
        return try call.returning(values: try f.call([], on: call.stack))
    })
}

let checks = """
    local function same(a, b)
      if type(a) ~= type(b) or math.type(a) ~= math.type(b) then return false end
      if math.type(a) == "float" then
        if a ~= a then return b ~= b end
        return a == b and (a ~= 0 or 1 / a == 1 / b)
      end
      if type(a) ~= "table" then return rawequal(a, b) end
      local count = 0
      for k, v in next, a do
        count = count + 1
        if type(k) == "table" then
          -- a copy's table keys are other tables with the same contents
          local found = false
          for k2, v2 in next, b do
            if type(k2) == "table" and same(k, k2) and same(v, v2) then found = true break end
          end
          if not found then return false end
        elseif not same(v, rawget(b, k)) then
          return false
        end
      end
      for _ in next, b do count = count - 1 end
      return count == 0
    end
    if W ~= nil or V == nil then
      if not same(V, W) then error("MISMATCH: Swift's copy differs from the value", 0) end
    end
    local ok, back = pcall(swift_echo, V)
    if ok and not same(V, back) then error("MISMATCH: swift_echo returned another value", 0) end
    pcall(swift_list, V)
    pcall(swift_dict, V)
    pcall(swift_scalars, V)
    local raised, e = pcall(swift_raise, V)
    if raised then error("MISMATCH: swift_raise returned", 0) end
    local _ = tostring(e), e.message, e.where, e.nothing
    pcall(swift_call, function() error(V) end)
    pcall(swift_call, function() return V, V end)
    pcall(tostring, V)
    """

func swiftBuiltValue(_ input: inout ByteReader, _ state: LuaState) {
    var budget = 2000
    let value = SwiftValue.make(&input, budget: &budget)
    do {
        try state.setGlobal("X", value)
    } catch {
        return // a nil or NaN key: refused with an error, as it should be
    }
    let back: LuaValue
    do { back = try state.global("X") } catch {
        guard !SwiftValue.roundTrips(value) else { finding("a value pushed from Swift could not be read back: \(error)") }
        return
    }
    if SwiftValue.roundTrips(value), !same(value, back) { finding("value changed through Lua: \(value) vs \(back)") }
}
