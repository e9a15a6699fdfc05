import Foundation
import LuaHost

/// The Swift half of `require "showcall"`: the module `showcall.core`, which the Lua half
/// (`stdlib/showcall/init.lua`) builds on. Every function that waits suspends its calling
/// coroutine and fails, naming the script line, where it cannot wait.
enum Primitives {
    static func install(in engine: Engine) throws {
        let timeOptions = "{tz?: string, skip_if_past?: boolean}?"
        let functions = [
            LuaModuleFunction("sleep", doc: "Suspends the calling task for that many seconds (fractions allowed).",
                              params: [.init("seconds", "number")], returns: []) { try sleep(engine, $0) },
            LuaModuleFunction("at", doc: "Waits until a clock time (\"HH:MM[:SS]\"), ISO-8601 time or epoch seconds; false at once if it has passed and skip_if_past is set.",
                              params: [.init("time", "string|number"), .init("options", .named(timeOptions))], returns: ["boolean"]) { try at(engine, $0) },
            LuaModuleFunction("now", doc: "The show clock's time, seconds since 1970.", params: [], returns: ["number"]) {
                try $0.returning(engine.clock.wallNow)
            },
            LuaModuleFunction("clock_ns", doc: "The monotonic clock in nanoseconds.", params: [], returns: ["integer"]) {
                try $0.returning(Int64(clamping: engine.clock.now))
            },
            LuaModuleFunction("resolve_time", doc: "The moment a clock time, ISO-8601 time or epoch names, as seconds since 1970 (the next occurrence after reference).",
                              params: [.init("time", "string|number"), .init("options", "{tz?: string, reference?: number}?")],
                              returns: ["number"]) { try resolveTime(engine, $0) },
            LuaModuleFunction("null", doc: "JSON's null as Lua holds it: the one sentinel value (showcall.null).", params: [],
                              returns: ["showcall.null"]) { try $0.returning(LuaValue.null) },
            LuaModuleFunction("spawn", doc: "Starts fn as a task of its own at the next turn of the scheduler.",
                              params: [.init("fn", "function"), .init("name", "string?")], returns: [.object(TaskHandle.self)]) { try spawn(engine, $0) },
            LuaModuleFunction("wait_any", doc: "Waits until one of the tasks ends (its position), the channel's bell rings (\"bell\") or the deadline, seconds since 1970, passes (\"timeout\").",
                              params: [.init("bell", "showcall.channel?"), .init("deadline", "number?"), .init("...", .object(TaskHandle.self))],
                              returns: ["integer|\"bell\"|\"timeout\""]) { try waitAny(engine, $0) },
            LuaModuleFunction("can_wait", doc: "Whether the caller may wait here (it runs in a task that can yield).", params: [], returns: ["boolean"]) {
                try $0.returning($0.canYield)
            },
            LuaModuleFunction("log", doc: "A line in the show's log.", params: [.init("level", "\"info\"|\"warn\"|\"error\""), .init("message", "string")],
                              returns: []) { call in
                engine.log(try call.argument(1, as: String.self), try call.argument(2, as: String.self))
                return .none
            },
            LuaModuleFunction("mode", doc: "What the engine does with shows: run, rehearse (virtual time) or plan.", params: [],
                              returns: ["\"run\"|\"rehearse\"|\"plan\""]) { try $0.returning(engine.mode.rawValue) },
            LuaModuleFunction("zone", doc: "The zone of clock times that name none.", params: [], returns: ["string"]) {
                try $0.returning(engine.zone.identifier)
            },
            LuaModuleFunction("display_zone", doc: "The zone people read the show's times in: the show's own (show.new's tz), else the zone of clock times that name none.",
                              params: [], returns: ["string"]) { try $0.returning(engine.displayZone.identifier) },
            LuaModuleFunction("show_zone", doc: "Declares the show's zone (an IANA name) as the display zone; the first declaration wins.",
                              params: [.init("tz", "string")], returns: []) { call in
                try engine.declare(zone: try call.argument(1, as: String.self))
                return .none
            },
            LuaModuleFunction("clock_text", doc: "A moment as people read it in the display zone: \"09:50:00 EST\", with the date when it is not on the day of `today` (default: now).",
                              params: [.init("seconds", "number"), .init("today", "number?")], returns: ["string"]) { call in
                let today = try call.optionalArgument(2, rule: .epochSeconds)
                return try call.returning(engine.clockText(try call.argument(1, rule: .epochSeconds), today: today))
            },
            LuaModuleFunction("timestamp", doc: "\"HH:MM:SS.mmm\" of the show's clock at that time, seconds since 1970.",
                              params: [.init("seconds", "number")], returns: ["string"]) { call in
                try call.returning(engine.timestamp(try call.argument(1, rule: .epochSeconds)))
            },
            LuaModuleFunction("check_number", doc: "value, if it keeps the rule (\"seconds\": a wait or timeout; \"epoch\": a moment, seconds since 1970; \"count\": an integer from 0 to 1000; \"attempts\": from 1 to 1000); otherwise an error naming field. The libraries' one check for numbers a script hands them.",
                              params: [.init("value", "any"), .init("rule", "\"seconds\"|\"epoch\"|\"count\"|\"attempts\""), .init("field", "string")],
                              returns: ["number"]) { call in
                let field = try call.argument(3, as: String.self)
                let rule: NumberRule = switch try call.argument(2, as: String.self) {
                case "seconds": .seconds
                case "epoch": .epochSeconds
                case "count": .libraryCount
                case "attempts": .attempts
                case let other: throw ShowError("bad argument #2 to '\(call.name)' (unknown rule '\(other)')")
                }
                guard let value = try call.argument(1, as: LuaValue.self).number else {
                    throw ShowError("\(field): \(rule.text), got \(call.stack.typeName(at: 1))")
                }
                return try call.returning(try rule.check(value, field))
            },
            LuaModuleFunction("resume_state", doc: "Where the show had got to in the run being resumed (steps, cursor, HOLD), the first time it is asked for that show; nil when not resuming.",
                              params: [.init("show", "string")], returns: ["table?"]) { call in
                try call.returning(engine.record.resumeState(try call.argument(1, as: String.self)))
            },
            LuaModuleFunction("channel", doc: "A show's line to its operators, by the show's name.", params: [.init("name", "string")],
                              returns: [.object(ShowChannel.self)]) { call in
                try call.returning(try engine.hub.open(try call.argument(1, as: String.self)))
            },
        ]
        try engine.preload("showcall.core", functions: functions)
    }

    /// `sleep(seconds)`: suspends the calling task for that long.
    static func sleep(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        return try wait(engine, call, until: try engine.scheduler.deadline(after: try call.nanoseconds(1, rule: .seconds)))
    }

    /// `at(time, {tz=, skip_if_past=})`: waits until a clock time, ISO-8601 time or epoch.
    /// A time already past fires at once with a warning, or, with `skip_if_past`, returns false at once.
    static func at(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let options = try call.argument(2, as: LuaValue.self)
        let target = try reachable(try resolve(engine, call, reference: engine.clock.wallNow), engine, call, argument: 1)
        let now = engine.clock.wallNow
        if target < now {
            if options.field("skip_if_past").isTruthy { return try call.returning(false) }
            engine.log("warn", "\(call.stack.string(at: 1) ?? "time") passed \(Int64(now - target))s ago: going now")
        }
        let scheduler = engine.scheduler
        return try call.await { continuation in
            continuation.onCancel = scheduler.addWallTimer(atWall: target) { continuation.resume(returning: [true]) }
        }
    }

    /// A wall time a task may wait for: no further ahead than the longest wait (366 days), so
    /// that the clock's arithmetic stays in range and a rehearsal does not step through years
    /// of wall-clock re-checks.
    private static func reachable(_ wall: Double, _ engine: Engine, _ call: LuaCall, argument: Int32) throws -> Double {
        let ahead = wall - engine.clock.wallNow
        guard ahead <= NumberRule.seconds.range.upperBound else {
            throw ShowError("bad argument #\(argument) to '\(call.name)' (a time more than 366 days away: \(Int64(ahead / 86400)) days)")
        }
        return wall
    }

    /// `resolve_time(time, {tz=, reference=})`: the moment as seconds since 1970.
    static func resolveTime(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let given = try call.argument(2, as: LuaValue.self).field("reference").number
        let reference = try given.map { try NumberRule.epochSeconds.check($0, "option 'reference' of '\(call.name)'") } ?? engine.clock.wallNow
        return try call.returning(try resolve(engine, call, reference: reference))
    }

    private static func resolve(_ engine: Engine, _ call: LuaCall, reference: Double) throws -> Double {
        let options = try call.argument(2, as: LuaValue.self)
        let zone = options.field("tz").text
        let spec: TimeSpec
        switch try call.argument(1, as: LuaValue.self) {
        case .integer, .number: spec = .absolute(try call.argument(1, rule: .epochSeconds))
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
        let handle = TaskHandle(name: name, function: function, label: call.state.currentLabel)
        engine.scheduler.enqueueStart(handle)
        return try call.returning(handle)
    }

    /// `wait_any(bell, deadline, task...)`: waits until one of the tasks ends (returns its
    /// position), the bell rings ("bell") or the wall-clock deadline passes ("timeout").
    static func waitAny(_ engine: Engine, _ call: LuaCall) throws -> LuaReturn {
        let bell = try call.argumentCount >= 1 && !call.stack.type(at: 1).isNoneOrNil ? call.object(1, as: ShowChannel.self).bell : nil
        let deadline = try call.optionalArgument(2, rule: .epochSeconds).map { try reachable($0, engine, call, argument: 2) }
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

extension NumberRule {
    /// Retries, attempts and the like that a library takes from a script.
    static let libraryCount = NumberRule.count(0, 1000, unit: "times")
    /// Attempts at something: at least one.
    static let attempts = NumberRule.count(1, 1000, unit: "attempts")
}

/// A mistake in a script's use of the engine, worded for the script's author.
public struct ShowError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
