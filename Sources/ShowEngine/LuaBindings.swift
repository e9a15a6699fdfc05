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
                    params: [], returns: ["{id: integer, command: string, step?: string}[]"]) { channel, call in
            let list = channel.take().map { id, command -> LuaValue in
                var t = LuaTable()
                t["id"] = .number(Double(id))
                t["command"] = .string(command.name)
                if let step = command.step { t["step"] = .string(step) }
                return .table(t)
            }
            return try call.returning(LuaValue.table(LuaTable(array: list)))
        }
        type.method("publish", doc: "Sets the show's current state, for GET /state: its header, and the rows of its `count` steps that changed, by index (the others stay).",
                    params: [.init("state", "table"), .init("changed", "table<integer, table>"), .init("count", "integer")], returns: []) { channel, call in
            let state = try call.argument(2, as: LuaTable.self)
            if let at = state["next_at"].number { _ = try NumberRule.epochSeconds.check(at, "state.next_at of '\(call.name)'") }
            let changed = try call.argument(3, as: LuaTable.self)
            let count = Int(try call.argument(4, rule: .count(0, 1_000_000, unit: "steps")))
            channel.hub.publish(channel.name, header: state, changed: changed, count: count)
            return .none
        }
        type.method("when_caught_up", doc: "Calls `fn` once the show's thread has caught up (at once outside a run): a show publishes its state there, once for all that changed in the turn, after the turn has woken the journal's writer for what it owes.",
                    params: [.init("fn", "fun()")], returns: []) { channel, call in
            let fn = try call.function(2)
            let name = channel.name
            channel.hub.onceCaughtUpFirst {
                do { try fn.call() } catch { Console.err("showcall: show '\(name)' could not publish its state: \(error)\n") }
            }
            return .none
        }
        type.method("emit", doc: "Reports an event to the display and the event stream, and journals it (checked against the journal's contract).",
                    params: [.init("event", "showcall.entry")], returns: []) { channel, call in
            let entry = try channel.entry(call)
            let time = entry["time"].number ?? 0
            channel.hub.emit(ShowEvent(type: entry.kind.rawValue, text: entry.string("text") ?? "", time: time, json: entry.json))
            channel.hub.journal(entry, call)
            return .none
        }
        type.method("journal", doc: "Records an entry in the run's journal only (where the show's cursor is), in order: it is on disk before any later change is sent to a platform.",
                    params: [.init("entry", "showcall.entry")], returns: []) { channel, call in
            channel.hub.journal(try channel.entry(call), call)
            return .none
        }
        type.method("answer", doc: "The show's verdict on a command from `commands`: obeyed (no reason), or ignored and why (\"show is held\"), for the operator who sent it.",
                    params: [.init("id", "integer"), .init("ignored", "string?")], returns: []) { channel, call in
            let id = Int(try call.argument(2, rule: .count(1, Int64(Int32.max), unit: "command id")))
            let why = call.stack.type(at: 3).isNoneOrNil ? nil : try call.argument(3, as: String.self)
            channel.answer(id, ignored: why)
            return .none
        }
        type.method("close", doc: "The show has ended; its name may be used again, and the commands it never answered are answered as ignored.",
                    params: [], returns: []) { channel, _ in
            channel.finish()
            return .none
        }
        type.tostring { "show channel '\($0.name)'" }
        type.declare(JournalEntryKind.luaDeclarations)
    }

    /// The entry given as the method's argument, checked against the journal's contract.
    private func entry(_ call: LuaCall) throws -> JournalEntry {
        guard case .table(let table) = try call.argument(2, as: LuaValue.self) else {
            throw LuaHostError.conversion("\(call.name): the entry must be a table")
        }
        do {
            return try JournalEntry(table, show: name)
        } catch {
            throw LuaHostError.conversion("\(call.name): \(error.description)")
        }
    }
}
