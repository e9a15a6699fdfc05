import LuaHost

/// A state whose `print` output is captured, for tests.
final class CapturedState {
    let state: LuaState
    private let sink: Sink

    private final class Sink { var bytes: [UInt8] = [] }

    init(limits: LuaLimits = .none) throws {
        let sink = Sink()
        self.sink = sink
        state = try LuaState(output: { sink.bytes.append(contentsOf: $0) }, limits: limits)
    }

    var output: String { String(decoding: sink.bytes, as: UTF8.self) }

    /// Runs `code` as a task to its end, the way `showcall run` runs a script.
    @discardableResult
    func runTask(_ code: String, name: String = "=test") throws -> LuaTask {
        let task = try state.spawn(try state.load(code, name: name), name: "test")
        state.loop.run(until: { task.isDone })
        return task
    }
}

/// Counts deinits, to check that Lua releases a Swift object exactly once.
final class DeinitCounter: @unchecked Sendable {
    var count = 0
}
