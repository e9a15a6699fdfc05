import LuaHost

/// What a show talks to: the real platforms, the simulator, or stubs. A backend installs its
/// Lua modules into the engine's state; `showcall run --rehearse` installs `StubBackend` until
/// the platform simulator plugs in here.
public protocol ShowBackend {
    func install(into engine: Engine) throws
}

/// Stand-in platform calls for rehearsals: `require "showcall.stub"` gives
/// `stub.call(name, {latency=, result=, fail=})`, which waits `latency` seconds (default 0.1)
/// of show time and returns `result` (default "ok"), or raises `fail` if given.
public struct StubBackend: ShowBackend {
    public init() {}

    public func install(into engine: Engine) throws {
        let scheduler = engine.scheduler
        try engine.preload("showcall.stub", functions: [LuaModuleFunction(
            "call", doc: "Waits latency seconds of show time (default 0.1), then returns result (default \"ok\") or raises fail.",
            params: [.init("name", "string"), .init("options", "{latency?: number, result?: any, fail?: string}?")], returns: ["any"]
        ) { call in
            let name = try call.argument(1, as: String.self)
            let options = try call.argument(2, as: LuaValue?.self) ?? .nil
            let latency = try NumberRule.seconds.nanoseconds(options.field("latency").number ?? 0.1, "option 'latency' of '\(call.name)'")
            let deadline = try scheduler.deadline(after: latency)
            let result = options.field("result") == .nil ? LuaValue.string("ok") : options.field("result")
            let failure = options.field("fail").text.map { "\(name): \($0)" }
            return try call.await { continuation in
                let id = scheduler.addTimer(at: deadline) {
                    if let failure { continuation.resume(throwing: ShowError(failure)) } else { continuation.resume(returning: [result]) }
                }
                continuation.onCancel = { scheduler.cancelTimer(id) }
            }
        }])
    }
}
