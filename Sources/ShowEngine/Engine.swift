import Foundation
import LuaHost

/// A scheduler, its clock, its shows and the Lua bindings scripts use: one per Lua state.
public final class Engine {
    /// What the engine does with a show: run it, rehearse it in virtual time, or list its plan.
    public enum Mode: String, Sendable { case run, rehearse, plan }

    public let scheduler: Scheduler
    public let hub: ShowHub
    public let mode: Mode
    /// The zone of clock times that name none.
    public let zone: TimeZone
    /// Receives each log line and event line, already stamped with the show's clock time.
    public let output: (String) -> Void

    public var state: LuaState { scheduler.state }
    public var clock: any ShowClock { scheduler.clock }

    /// The run's journal and the journal it resumes, if any.
    public var record: RunRecord { hub.record }

    /// `backends` provide what shows call: the platforms, stubs. `record` journals the run
    /// (and, resuming, replays the journal it continues).
    public init(state: LuaState, clock: any ShowClock, mode: Mode = .run, zone: TimeZone = .current,
                backends: [any ShowBackend] = [], record: RunRecord = RunRecord(),
                output: @escaping (String) -> Void) throws {
        scheduler = Scheduler(state: state, clock: clock)
        hub = ShowHub(loop: state.loop, record: record)
        self.mode = mode
        self.zone = zone
        self.output = output
        try Primitives.install(in: self)
        for backend in backends { try backend.install(into: self) }
        scheduler.unobservedFailure = { [unowned self] handle in
            log("error", "task '\(handle.name)' failed: \(handle.failure.map { String(describing: $0) } ?? "?")")
        }
    }

    /// Runs `function(args...)` as the main task until it ends, and returns it; `started`
    /// gets it first (to cancel it from elsewhere).
    public func runMain(_ function: LuaFunction, args: [any LuaPushable] = [],
                        started: (TaskHandle) -> Void = { _ in }) throws -> TaskHandle {
        let main = try scheduler.spawn(function, args: args, name: "main", observed: true)
        started(main)
        try scheduler.run(until: { main.isDone })
        return main
    }

    /// Runs a chunk of Lua as the main task; a failure comes back as the task's `LuaError`.
    @discardableResult
    public func run(_ code: String, name: String = "=(show)") throws -> [LuaValue] {
        let main = try runMain(state.load(code, name: name))
        if let error = main.failure { throw error }
        return main.results
    }

    /// Makes `require(module)` return a table of these Swift functions, documented in the
    /// state's catalogue for help and completion.
    public func preload(_ module: String, functions: [LuaModuleFunction]) throws {
        try preloader().call([module] + functions.flatMap { [$0.name, $0] as [any LuaPushable] })
        modules.append((module, functions))
    }

    /// The modules of Swift functions `preload` made, in order: what `showcall types` annotates.
    public private(set) var modules: [(name: String, functions: [LuaModuleFunction])] = []

    /// The chunk behind `preload`, compiled once however many modules the backends add.
    private var preloadChunk: LuaFunction?

    private func preloader() throws -> LuaFunction {
        if let preloadChunk { return preloadChunk }
        let chunk = try state.load(PackageResources.preload_lua, name: "=[showcall preload]")
        preloadChunk = chunk
        return chunk
    }

    /// "HH:MM:SS.mmm" of the show's clock, in the engine's zone.
    public func timestamp(_ wall: Double? = nil) -> String {
        // Round to the millisecond first: virtual instants in nanoseconds land a hair under.
        let t = ((wall ?? clock.wallNow) * 1000).rounded() / 1000
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: t))
        let ms = Int(((t - t.rounded(.down)) * 1000).rounded()) % 1000
        return String(format: "%02d:%02d:%02d.%03d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0, ms)
    }

    /// A line in the show's log (`sc.log`), stamped with the show's clock: Lua thread only.
    public func log(_ level: String, _ message: String) {
        output("\(timestamp()) \(level.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \(message)")
    }
}
