import Foundation
import LuaHost
import LuaShim

/// The Swift half of `require "showcall"`: the module `showcall.core`, which the Lua half
/// (`stdlib/showcall/init.lua`) builds on. Every function that waits suspends its calling
/// coroutine and fails, naming the script line, where it cannot wait.
enum Primitives {
    static func install(in engine: Engine) throws {
        let functions = [
            LuaModuleFunction("sleep", doc: "sleep(seconds): suspends the calling task for that long.") { try sleep(engine, $0) },
            LuaModuleFunction("at", doc: "at(time, {tz=, skip_if_past=}): waits until a clock time, ISO-8601 time or epoch.") { try at(engine, $0) },
            LuaModuleFunction("now", doc: "now(): the show clock's time, seconds since 1970.") { try $0.returning(engine.clock.wallNow) },
            LuaModuleFunction("clock_ns", doc: "clock_ns(): the monotonic clock in nanoseconds.") { try $0.returning(Int64(engine.clock.now)) },
            LuaModuleFunction("resolve_time", doc: "resolve_time(time, {tz=, reference=}): the moment as seconds since 1970.") { try resolveTime(engine, $0) },
            LuaModuleFunction("spawn", doc: "spawn(fn, [name]): starts fn as a task of its own.", returns: TaskHandle.self) { try spawn(engine, $0) },
            LuaModuleFunction("wait_any", doc: "wait_any(bell, deadline, task...): waits until a task ends (its position), the bell rings (\"bell\") or the deadline passes (\"timeout\").") { try waitAny(engine, $0) },
            LuaModuleFunction("can_wait", doc: "can_wait(): whether the caller may wait here.") { try $0.returning(lua_isyieldable($0.stack.L) != 0) },
            LuaModuleFunction("log", doc: "log(level, message): a line in the show's log.") { call in
                engine.log(try call.argument(1, as: String.self), try call.argument(2, as: String.self))
                return .none
            },
            LuaModuleFunction("mode", doc: "mode(): \"run\", \"rehearse\" or \"plan\".") { try $0.returning(engine.mode.rawValue) },
            LuaModuleFunction("zone", doc: "zone(): the zone of clock times that name none.") { try $0.returning(engine.zone.identifier) },
            LuaModuleFunction("timestamp", doc: "timestamp(seconds): \"HH:MM:SS.mmm\" of the show's clock.") { call in
                try call.returning(engine.timestamp(try call.argument(1, as: Double.self)))
            },
            LuaModuleFunction("resume_state", doc: "resume_state(show): where the show had got to in the run being resumed, once; nil when not resuming.") { call in
                try call.returning(engine.record.resumeState(try call.argument(1, as: String.self)))
            },
            LuaModuleFunction("channel", doc: "channel(name): a show's line to its operators.", returns: ShowChannel.self) { call in
                try call.returning(try engine.hub.open(try call.argument(1, as: String.self)))
            },
        ]
        try engine.preload("showcall.core", functions: functions)
    }

    /// `sleep(seconds)`: suspends the calling task for that long.
    static func sleep(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let seconds = try call.argument(1, as: Double.self)
        guard seconds.isFinite, seconds >= 0 else {
            throw ShowError("bad argument #1 to '\(call.name)' (seconds must be a finite number >= 0)")
        }
        return try wait(engine, call, until: engine.clock.now &+ UInt64(seconds * 1e9))
    }

    /// `at(time, {tz=, skip_if_past=})`: waits until a clock time, ISO-8601 time or epoch.
    /// A time already past fires at once with a warning, or, with `skip_if_past`, returns false at once.
    static func at(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let options = try call.argument(2, as: LuaValue.self)
        let target = try resolve(engine, call, reference: engine.clock.wallNow)
        let now = engine.clock.wallNow
        if target < now {
            if options.field("skip_if_past").isTruthy { return try call.returning(false) }
            engine.log("warn", "\(call.stack.string(at: 1) ?? "time") passed \(Int(now - target))s ago: going now")
        }
        let scheduler = engine.scheduler
        return try call.await { continuation in
            continuation.onCancel = scheduler.addWallTimer(atWall: target) { continuation.resume(returning: [true]) }
        }
    }

    /// `resolve_time(time, {tz=, reference=})`: the moment as seconds since 1970.
    static func resolveTime(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let reference = try call.argument(2, as: LuaValue.self).field("reference").number ?? engine.clock.wallNow
        return try call.returning(try resolve(engine, call, reference: reference))
    }

    private static func resolve(_ engine: Engine, _ call: LuaCall, reference: Double) throws -> Double {
        let options = try call.argument(2, as: LuaValue.self)
        let zone: String? = if case .string(let s) = options.field("tz") { s.description } else { nil }
        let spec: TimeSpec
        switch try call.argument(1, as: LuaValue.self) {
        case .integer(let i): spec = .absolute(Double(i))
        case .number(let d): spec = .absolute(d)
        case .string(let s):
            spec = try TimeSpec.parse(s.description, zone: zone ?? engine.zone.identifier)
        case let other:
            throw ShowError("bad argument #1 to '\(call.name)' (time expected: \"HH:MM\", ISO-8601 or epoch seconds, got \(other.typeName))")
        }
        if zone != nil { _ = try TimeSpec.timeZone(zone) }
        return spec.resolve(reference: reference)
    }

    private static func wait(_ engine: Engine, _ call: LuaCall, until deadline: UInt64) throws -> LuaReturn {
        let scheduler = engine.scheduler
        return try call.await { continuation in
            let id = scheduler.addTimer(at: deadline) { continuation.resume(returning: []) }
            continuation.onCancel = { scheduler.cancelTimer(id) }
        }
    }

    /// `spawn(fn, name)`: a task that starts at the next turn of the loop; returns its handle.
    static func spawn(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let function = try call.function(1)
        let name = call.argumentCount >= 2 ? try call.argument(2, as: String.self) : "task"
        let handle = TaskHandle(name: name, function: function)
        engine.scheduler.enqueueStart(handle)
        return try call.returning(handle)
    }

    /// `wait_any(bell, deadline, task...)`: waits until one of the tasks ends (returns its
    /// position), the bell rings ("bell") or the wall-clock deadline passes ("timeout").
    static func waitAny(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let bell = try call.argumentCount >= 1 && call.stack.type(at: 1) != LUA_TNIL ? call.object(1, as: ShowChannel.self).bell : nil
        let deadline = try call.argument(2, as: Double?.self)
        var handles: [TaskHandle] = []
        if call.argumentCount >= 3 {
            for i in 3 ... call.argumentCount { handles.append(try call.object(i, as: TaskHandle.self)) }
        }
        if let done = handles.firstIndex(where: \.isDone) { return try call.returning(Int64(done + 1)) }
        let scheduler = engine.scheduler
        return try call.await { continuation in
            var timer: (() -> Void)?
            var ids: [Int] = []
            var resolved = false
            func finish(_ value: LuaValue) {
                guard !resolved else { return }
                resolved = true
                for (h, id) in zip(handles, ids) { h.removeWaiter(id) }
                timer?()
                bell?.stopWaiting()
                continuation.onCancel = nil
                continuation.resume(returning: [value])
            }
            for (i, h) in handles.enumerated() { ids.append(h.whenDone { finish(.integer(Int64(i + 1))) }) }
            if let deadline {
                timer = scheduler.addWallTimer(atWall: deadline) { finish("timeout") }
            }
            bell?.wait { finish("bell") }
            continuation.onCancel = {
                for (h, id) in zip(handles, ids) { h.removeWaiter(id) }
                timer?()
                bell?.stopWaiting()
            }
        }
    }
}

extension LuaValue {
    public func field(_ name: String) -> LuaValue {
        if case .table(let t) = self { return t[name] }
        return .nil
    }

    public var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}

/// A mistake in a script's use of the engine, worded for the script's author.
public struct ShowError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
