import LuaShim

/// A Swift closure that Lua owns: retained once by its Lua closure, released by its `__gc`.
@usableFromInline
final class SwiftFunctionBox {
    let name: String
    let body: LuaCallback

    init(name: String, body: @escaping LuaCallback) {
        self.name = name
        self.body = body
    }

    @inline(__always)
    func invoke(_ L: OpaquePointer) -> Int32 {
        do {
            return try body(LuaCall(L, function: Unmanaged.passUnretained(self))).code
        } catch {
            LuaState.pushError(error, on: LuaStack(L))
            return SHIM_RAISE
        }
    }
}

/// The Swift entry points the C shim calls: one dispatcher for every Swift function, one
/// release for every box Lua owns, one panic reporter. Installed once per process.
enum ShimHooks {
    static let installed: Void = {
        shim_sethooks(
            { L, callee in
                Unmanaged<SwiftFunctionBox>.fromOpaque(callee!)._withUnsafeGuaranteedRef { $0.invoke(L!) }
            },
            { box in Unmanaged<AnyObject>.fromOpaque(box!).release() },
            { message in LuaState.reportPanic(message.map { String(cString: $0) } ?? "unknown error") }
        )
    }()
}

extension LuaStack {
    /// Pushes a Swift closure as a Lua function; `name` is what its error messages call it.
    public func push(function name: String, _ body: @escaping LuaCallback) {
        shim_pushfunction(L, Unmanaged.passRetained(SwiftFunctionBox(name: name, body: body)).toOpaque())
    }
}
