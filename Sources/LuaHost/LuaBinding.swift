import LuaShim

/// A Swift function bound once for the whole process, for library functions that every state
/// offers (`sleep`, a platform verb...). Pushing one allocates nothing, and calling it costs what
/// calling a C function costs: Lua calls a light C function that calls the Swift function
/// directly, with no upvalue or closure to reach. Write the function with `LuaBinding.run`:
///
///     static let sleep = LuaBinding { L in
///         LuaBinding.run(L, name: "sleep") { call in ... }
///     }
///
/// It must capture nothing (it is a C function pointer); it finds its state through `call.state`.
public struct LuaBinding: Sendable {
    public typealias Function = @convention(c) (OpaquePointer?) -> Int32

    private enum Slot {
        case light(Int32)
        // All slots taken: an ordinary Swift function does the same job, a little slower.
        case closure(Function)
    }

    private let slot: Slot

    public init(_ function: Function) {
        let n = shim_reservebinding(function)
        slot = n >= 0 ? .light(n) : .closure(function)
    }

    /// Runs a binding's body for Lua: results, a raised error or an await, as a C status.
    @inlinable @inline(__always)
    public static func run(_ L: OpaquePointer?, name: StaticString, _ body: (LuaCall) throws -> LuaReturn) -> Int32 {
        do {
            return try body(LuaCall(L!, name: name)).code
        } catch {
            LuaState.pushError(error, on: LuaStack(L!))
            return LuaReturn.raise.code
        }
    }
}

extension LuaBinding: LuaPushable {
    public func push(onto stack: LuaStack) {
        switch slot {
        case .light(let n): shim_pushbinding(stack.L, n)
        case .closure(let function): stack.push(function: "binding") { call in LuaReturn(code: function(call.stack.L)) }
        }
    }
}
