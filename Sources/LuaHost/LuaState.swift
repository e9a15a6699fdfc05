import LuaShim
import Logging

/// Owns one Lua state. Create it, use it and let it go on one thread: the thread that runs
/// its `loop`. Other threads reach it only through `loop.post` and `LuaContinuation`.
public final class LuaState {
    /// Receives what `print` writes.
    public typealias Output = (UnsafeRawBufferPointer) -> Void

    let L: OpaquePointer

    /// The raw `lua_State`, for benchmarks that measure the host against bare C functions. The
    /// layers above LuaHost never touch it: they go through the typed API (LayeringTests).
    public var rawState: OpaquePointer { L }
    public let loop: LuaRunLoop
    public let logger: Logger
    public let limits: LuaLimits
    let output: Output
    var types: [ObjectIdentifier: LuaObjectType] = [:]
    private var warnings = WarningState()
    /// The task whose coroutine is running now, if any: the one an await suspends.
    var currentTask: LuaTask?

    /// The label of the task running now (see `LuaTask.label`); nil outside a task.
    public var currentLabel: String? {
        get { currentTask?.label }
        set { currentTask?.label = newValue }
    }
    /// Registry reference of the documentation catalogue (`LuaDocumentation`), once made.
    var documentation: Int32 = 0
    /// Types documented as returned or held, not registered yet.
    var documentedTypes: [any LuaObject.Type] = []
    /// Documentation of functions pushed before the catalogue was first shared, filed under
    /// their place here until it is (`LuaDocumentation`).
    var pendingFunctionDocs: [LuaMemberDoc] = []
    /// Whether the catalogue has been shared: from then on a function's entry is made at once.
    var catalogueShared = false

    public init(output: @escaping Output = Console.writeOut,
                logger: Logger = Logger(label: "showcall.lua"), limits: LuaLimits = .none) throws {
        _ = ShimHooks.installed
        guard let L = shim_newstate(limits.shim) else { throw LuaHostError.outOfMemory }
        self.L = L
        self.limits = limits
        self.output = output
        self.logger = logger
        loop = LuaRunLoop()
        shim_setowner(L, Unmanaged.passUnretained(self).toOpaque())
        luaL_openlibs(L)
        if limits.hasBudget { shim_openhooks(L) }
        let me = Unmanaged.passUnretained(self).toOpaque()
        shim_setprint(L, { ud, s, len in
            Unmanaged<LuaState>.fromOpaque(ud!).takeUnretainedValue().output(UnsafeRawBufferPointer(start: s, count: len))
        }, me)
        shim_setwarn(L, { ud, message, tocont in
            Unmanaged<LuaState>.fromOpaque(ud!).takeUnretainedValue().warn(String(cString: message!), continues: tocont != 0)
        }, me)
        shim_opencoroutines(L, LuaHostError.cannotAwait("await").description)
    }

    deinit {
        if !isClosed { shim_close(L) }
    }

    /// Whether `close()` has run: the state is gone, and nothing may touch `L`.
    public private(set) var isClosed = false

    /// Closes the state as `lua5.4` does when its script ends: every pending finalizer runs
    /// (`__gc` of objects still reachable included) and every object is freed. Nothing may use
    /// the state afterwards; a second call does nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        shim_close(L)
    }

    /// The state that owns a Lua thread (any coroutine of it).
    @inline(__always)
    public static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(shim_owner(L)!).takeUnretainedValue()
    }

    public var stack: LuaStack { LuaStack(L) }

    // MARK: globals and modules

    // The globals are read and written raw: a script may give _G a metatable, and its
    // __index or __newindex run from a Swift frame could raise across it or loop unbudgeted.

    /// Sets a global to a value.
    public func setGlobal(_ name: String, _ value: some LuaPushable) throws {
        try value.push(onto: stack)
        setGlobalFromTop(name)
    }

    /// Sets a global to a Swift function.
    public func setGlobal(_ name: String, function body: @escaping LuaCallback) {
        stack.push(function: name, body)
        setGlobalFromTop(name)
    }

    /// Reads a global as data.
    public func global(_ name: String) throws -> LuaValue {
        lua_rawgeti(L, shim_registryindex(), lua_Integer(shim_ridx_globals()))
        stack.push(name)
        lua_rawget(L, -2)
        defer { stack.pop(2) }
        return try stack.value(at: -1)
    }

    /// Pops the value on top into the global `name`.
    private func setGlobalFromTop(_ name: String) {
        lua_rawgeti(L, shim_registryindex(), lua_Integer(shim_ridx_globals()))
        stack.push(name)
        lua_rotate(L, -3, -1) // [value, globals, name] -> [globals, name, value]
        lua_rawset(L, -3)
        stack.pop()
    }

    /// Puts `dir/?.lua` and `dir/?/init.lua` first on `require`'s path, in the order given.
    public func prependModulePaths(_ dirs: [String]) {
        guard !dirs.isEmpty else { return }
        lua_getglobal(L, "package")
        defer { stack.pop() }
        lua_getfield(L, -1, "path")
        let current = stack.string(at: -1) ?? ""
        stack.pop()
        // Appended in a loop: the first `joined(separator:)` of a start cost the runtime 450,000
        // instructions of generic lookups, 2% of the start's.
        var path = ""
        for dir in dirs { path += "\(dir)/?.lua;\(dir)/?/init.lua;" }
        stack.push(path + current)
        lua_setfield(L, -2, "path")
    }

    // MARK: loading

    /// Compiles a chunk. `mode` is "t" (text only, the safe default) or "bt".
    public func load(_ code: some Collection<UInt8>, name: String, mode: String = "t") throws -> LuaFunction {
        let bytes = Array(code)
        let status = bytes.withUnsafeBufferPointer { buf in
            luaL_loadbufferx(L, UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                .assumingMemoryBound(to: CChar.self), buf.count, name, mode)
        }
        return try loaded(status)
    }

    public func load(_ code: String, name: String) throws -> LuaFunction {
        try load(Array(code.utf8), name: name)
    }

    /// Compiles a file as `lua5.4` does (chunk name `@path`, a first `#` line skipped).
    /// `nil` reads standard input (chunk name `=stdin`).
    public func load(file path: String?, mode: String = "t") throws -> LuaFunction {
        try loaded(luaL_loadfilex(L, path, mode))
    }

    private func loaded(_ status: Int32) throws -> LuaFunction {
        defer { stack.pop() }
        guard status == LUA_OK else {
            throw LuaError(status: status, message: stack.string(at: -1) ?? "cannot load chunk", traceback: "", underlying: nil)
        }
        return LuaFunction(state: self, stack: stack, at: -1)
    }

    /// Runs a chunk on the main thread (no awaits possible) and returns its results.
    @discardableResult
    public func run(_ code: String, name: String = "=(swift)") throws -> [LuaValue] {
        try load(code, name: name).call()
    }

    // MARK: errors

    /// Pushes a Swift error as the Lua error value raised for it. A Lua error coming back
    /// keeps its own message; anything else becomes an error object that knows where in the
    /// script the failing call was made.
    @usableFromInline
    static func pushError(_ error: any Error, on stack: LuaStack, location: String? = nil) {
        let state = owner(of: stack.L)
        if let lua = error as? LuaError, lua.underlying == nil {
            stack.push(lua.message)
            return
        }
        let inner = (error as? LuaError)?.underlying ?? error
        let location = location ?? (error as? LuaError)?.origin ?? {
            shim_where(stack.L, 1)
            defer { stack.pop() }
            return stack.string(at: -1) ?? ""
        }()
        do {
            try state.pushObject(LuaErrorObject(error: inner, location: location), on: stack)
        } catch {
            stack.push(location + String(describing: inner))
        }
    }

    /// Turns the error object on top of `s` (left by `shim_pcall`) into a `LuaError`, popping it.
    func popProtectedError(status: Int32, on s: LuaStack) -> LuaError {
        shim_pushtraceback(s.L)
        let traceback = s.string(at: -1) ?? ""
        s.pop()
        return popError(status: status, traceback: traceback, on: s)
    }

    /// Builds a `LuaError` from the error object on top of `s`, popping it.
    func popError(status: Int32, traceback: String, on s: LuaStack, location: String = "") -> LuaError {
        defer { s.pop() }
        if status == LUA_ERRMEM {
            return LuaError(status: status, message: location + memoryErrorMessage(), traceback: Self.tracebackBody(traceback), underlying: nil)
        }
        if let object = object(at: -1, on: s, as: LuaErrorObject.self) {
            return LuaError(status: status, message: object.text, traceback: Self.tracebackBody(traceback),
                            underlying: object.error, origin: object.location)
        }
        shim_errormessage(s.L, -1)
        let message = s.string(at: -1) ?? "?"
        s.pop()
        return LuaError(status: status, message: message, traceback: Self.tracebackBody(traceback), underlying: nil)
    }

    /// `luaL_traceback` heads its text with the message; keep from "stack traceback:" on.
    private static func tracebackBody(_ text: String) -> String {
        let marker = Array("stack traceback:".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= marker.count,
              let start = (0 ... bytes.count - marker.count).first(where: { bytes[$0 ..< $0 + marker.count].elementsEqual(marker) })
        else { return text }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Lua's own "not enough memory" says nothing of the cap that caused it: say so.
    private func memoryErrorMessage() -> String {
        guard shim_memoryrefused(L) != 0, let cap = limits.memory else { return "not enough memory" }
        return "out of memory (limit \(LuaLimits.describe(bytes: cap)))"
    }

    static func reportPanic(_ message: String) {
        Logger(label: "showcall.lua").critical("unprotected error in Lua: \(message)")
    }

    // MARK: warnings

    /// `warn` as lauxlib implements it (off until "@on"; "@off" silences; pieces joined), sent
    /// to the logger at warning level.
    private func warn(_ piece: String, continues: Bool) {
        if !warnings.continuing, !continues, piece.hasPrefix("@") {
            if piece == "@on" { warnings.on = true } else if piece == "@off" { warnings.on = false }
            return
        }
        warnings.continuing = continues
        guard warnings.on else { return }
        warnings.pending += piece
        if !continues {
            logger.warning("\(warnings.pending)", metadata: ["source": "lua.warn"])
            warnings.pending = ""
        }
    }
}

private struct WarningState {
    var on = false
    var continuing = false
    var pending = ""
}

extension LuaErrorObject: LuaObject {
    static var luaTypeName: String { "showcall.error" }
    static func describe(_ type: LuaTypeBuilder<LuaErrorObject>) {
        type.tostring { $0.text }
        type.fields { error, name in error.field(name) }
    }
}

extension LuaState {
    /// The Lua release this host runs, such as "Lua 5.4.4".
    public static var release: String { String(cString: shim_release()) }
}
