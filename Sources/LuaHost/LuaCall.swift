import LuaShim

/// What a Swift function tells its C trampoline to do once the Swift frames are gone.
// Inlinable and computed (not `static let`, which costs a once-check per call), because a
// binding returns one of these on every call.
@frozen
public struct LuaReturn: Sendable {
    public let code: Int32

    @inlinable init(code: Int32) { self.code = code }

    /// Return the top n stack values as results.
    @inlinable public static func values(_ n: Int32) -> LuaReturn { LuaReturn(code: n) }
    @inlinable public static var none: LuaReturn { LuaReturn(code: 0) }
    /// Suspend the calling coroutine until its continuation is resumed.
    static var awaiting: LuaReturn { LuaReturn(code: SHIM_AWAIT) }
    /// Raise the error value on top of the stack.
    @usableFromInline static var raise: LuaReturn { LuaReturn(code: SHIM_RAISE) }
}

/// A Swift function as Lua calls it.
public typealias LuaCallback = (LuaCall) throws -> LuaReturn

/// The context of one call from Lua into Swift: its arguments, its results, and the way to
/// suspend the calling coroutine.
public struct LuaCall {
    public let stack: LuaStack
    @usableFromInline let label: Label

    // Neither case costs a reference count per call: the box outlives the call (its Lua closure
    // is on the stack), and a static string is a plain pointer.
    @usableFromInline enum Label {
        case box(Unmanaged<SwiftFunctionBox>)
        case name(StaticString)
    }

    @inline(__always)
    init(_ L: OpaquePointer, function: Unmanaged<SwiftFunctionBox>) {
        stack = LuaStack(L)
        label = .box(function)
    }

    @inlinable @inline(__always)
    init(_ L: OpaquePointer, name: StaticString) {
        stack = LuaStack(L)
        label = .name(name)
    }

    /// The function's name as Lua code knows it, for error messages.
    public var name: String {
        switch label {
        case .box(let box): box._withUnsafeGuaranteedRef { $0.name }
        case .name(let name): name.description
        }
    }

    public var state: LuaState { LuaState.owner(of: stack.L) }

    /// `tostring(argument i)`, its `__tostring` run protected.
    public func describe(_ i: Int32) -> String? {
        shim_tolstring(stack.L, i, nil)
        defer { stack.pop() }
        return stack.string(at: -1)
    }
    public var argumentCount: Int32 { stack.top }

    /// Whether the calling coroutine may yield here: a host await can suspend it (not in a
    /// metamethod, a C function's callback or the main chunk of `require`).
    public var canYield: Bool { lua_isyieldable(stack.L) != 0 }

    /// Argument i converted to T, or an error in Lua's own words:
    /// `bad argument #2 to 'sleep' (number expected, got string)`.
    public func argument<T: LuaReadable>(_ i: Int32, as type: T.Type = T.self) throws -> T {
        do { return try T.read(from: stack, at: i) } catch let e as LuaTypeMismatch {
            throw LuaArgumentError(index: i, function: name, reason: e.description)
        } catch let e as LuaHostError {
            throw LuaArgumentError(index: i, function: name, reason: e.description)
        }
    }

    /// Argument i as a number that keeps `rule` (nil when absent and `optional`), or
    /// `bad argument #1 to 'sleep' (must be a number of seconds from 0 to 31622400, got inf)`.
    public func argument(_ i: Int32, rule: NumberRule) throws -> Double {
        try argument(i) { try rule.check($0, "") }
    }

    /// Argument i as nanoseconds, a number of seconds that keeps `rule` (checked once).
    public func nanoseconds(_ i: Int32, rule: NumberRule) throws -> UInt64 {
        try argument(i) { try rule.nanoseconds($0, "") }
    }

    /// Argument i through a NumberRule conversion, its refusal worded as a bad argument.
    private func argument<T>(_ i: Int32, _ convert: (Double) throws -> T) throws -> T {
        let value = try argument(i, as: Double.self)
        do { return try convert(value) } catch let e as NumberInputError {
            throw LuaArgumentError(index: i, function: name, reason: e.reason)
        }
    }

    public func optionalArgument(_ i: Int32, rule: NumberRule) throws -> Double? {
        stack.type(at: i).isNoneOrNil ? nil : try argument(i, rule: rule)
    }

    /// The Swift object behind the userdata at argument i.
    public func object<T: AnyObject>(_ i: Int32, as type: T.Type = T.self) throws -> T {
        guard let object = state.object(at: i, on: stack, as: T.self) else {
            throw LuaArgumentError(index: i, function: name,
                                   reason: "\(state.typeName(of: T.self)) expected, got \(stack.typeName(at: i))")
        }
        return object
    }

    /// The Swift object behind the userdata at argument i, of any registered type; nil for
    /// any other value.
    public func anyObject(_ i: Int32) -> AnyObject? {
        state.anyObject(at: i, on: stack)
    }

    /// The Lua function at argument i, anchored so Swift may keep it and call it later.
    public func function(_ i: Int32) throws -> LuaFunction {
        guard lua_type(stack.L, i) == LUA_TFUNCTION else {
            throw LuaArgumentError(index: i, function: name, reason: stack.mismatch("function", at: i).description)
        }
        return LuaFunction(state: state, stack: stack, at: i)
    }

    /// Pushes the values and returns them.
    public func returning<each T: LuaPushable>(_ values: repeat each T) throws -> LuaReturn {
        var n: Int32 = 0
        for _ in repeat each values { n += 1 }
        try stack.reserve(n)
        for value in repeat each values { try value.push(onto: stack) }
        return .values(n)
    }

    /// Pushes every value of a list (any length: the stack grows first) and returns them.
    public func returning(values: [some LuaPushable]) throws -> LuaReturn {
        try stack.reserve(Int32(clamping: values.count))
        for value in values { try value.push(onto: stack) }
        return .values(Int32(values.count))
    }

    /// Suspends the calling coroutine. `start` begins the work and keeps the continuation;
    /// the coroutine goes on when the continuation is resumed with results or an error.
    /// Fails, before `start` runs, where Lua cannot yield.
    public func await(_ start: (LuaContinuation) throws -> Void) throws -> LuaReturn {
        let continuation = try state.suspend(stack.L, name: name)
        try start(continuation)
        return .awaiting
    }
}

/// A bad argument, worded as `luaL_argerror` words it.
public struct LuaArgumentError: Error, CustomStringConvertible {
    public let index: Int32
    public let function: String
    public let reason: String
    public var description: String { "bad argument #\(index) to '\(function)' (\(reason))" }
}
