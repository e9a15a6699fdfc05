import LuaHost

/// `showcall.task`: what `spawn` returns.
extension TaskHandle: LuaObject {
    public static var luaTypeName: String { "showcall.task" }
    public static func describe(_ type: LuaTypeBuilder<TaskHandle>) {
        type.property("name", doc: "The name given at spawn.", type: "string", get: { $0.name })
        type.property("status", doc: "pending, running, waiting, done or failed.",
                      type: "\"pending\"|\"running\"|\"waiting\"|\"done\"|\"failed\"", get: { $0.statusName })
        type.method("cancel", doc: "Raises a cancellation where the task waits, so its cleanup runs.",
                    params: [.init("reason", "string?")], returns: []) { task, call in
            let reason = call.argumentCount >= 2 ? try call.argument(2, as: String.self) : "cancelled"
            task.cancel(with: Cancelled(reason))
            return .none
        }
        type.method("result", doc: "The list of the results of a task that has ended, or its error raised.",
                    params: [], returns: ["any[]"]) { task, call in
            guard task.isDone else { throw LuaHostError.conversion("task '\(task.name)' has not ended") }
            if let failure = task.failure {
                return try call.await { $0.resume(throwing: failure) }
            }
            return try call.returning(LuaValue.table(LuaTable(array: task.results)))
        }
        type.tostring { "task '\($0.name)' (\($0.statusName))" }
    }
}

/// `showcall.channel`: a show's line to its operators (see `ShowChannel`).
extension ShowChannel: LuaObject {
    static var luaTypeName: String { "showcall.channel" }
    static func describe(_ type: LuaTypeBuilder<ShowChannel>) {
        type.method("commands", doc: "The operator commands received since the last call, oldest first.",
                    params: [], returns: ["{command: string, step?: string}[]"]) { channel, call in
            let list = channel.take().map { command -> LuaValue in
                var t = LuaTable()
                t["command"] = .string(command.name)
                if case .jump(let step) = command { t["step"] = .string(step) }
                return .table(t)
            }
            return try call.returning(LuaValue.table(LuaTable(array: list)))
        }
        type.method("publish", doc: "Sets the show's current state, for GET /state.", params: [.init("state", "table")], returns: []) { channel, call in
            let state = try call.argument(2, as: LuaValue.self)
            if let at = state.field("next_at").number { _ = try NumberRule.epochSeconds.check(at, "state.next_at of '\(call.name)'") }
            channel.hub.publish(channel.name, state: state)
            return .none
        }
        type.method("emit", doc: "Reports an event ({type=, text=, time=, ...}) to the display and the event stream.",
                    params: [.init("event", "table")], returns: []) { channel, call in
            let value = try call.argument(2, as: LuaValue.self)
            let time = try value.field("time").number.map { try NumberRule.epochSeconds.check($0, "event.time of '\(call.name)'") } ?? 0
            let text = value.field("text").text ?? ""
            let kind = value.field("type").text ?? "event"
            channel.hub.emit(ShowEvent(type: kind, text: text, time: time, json: LuaJSON.encode(value)))
            guard case .table(let entry) = value else { return .none }
            return try channel.hub.journal(entry, call)
        }
        type.method("journal", doc: "Records an entry in the run's journal only (where the show's cursor is), in order: it is on disk before any later platform call is sent.",
                    params: [.init("entry", "table")], returns: []) { channel, call in
            guard case .table(var entry) = try call.argument(2, as: LuaValue.self) else {
                throw LuaHostError.conversion("channel:journal needs a table")
            }
            entry["show"] = .string(channel.name)
            return try channel.hub.journal(entry, call)
        }
        type.method("close", doc: "The show has ended; its name may be used again.", params: [], returns: []) { channel, _ in
            channel.finished = true
            return .none
        }
        type.tostring { "show channel '\($0.name)'" }
    }
}
