import Foundation
import LuaHost

/// A scheduler, its clock, its shows and the Lua bindings scripts use: one per Lua state.
public final class Engine {
    /// What the engine does with a show: run it, rehearse it in virtual time, or list its plan.
    public enum Mode: String, Sendable { case run, rehearse, plan }

    public let scheduler: Scheduler
    public let hub: ShowHub
    public let mode: Mode
    /// The zone of clock times that name none: the host's unless given. Loop thread only. Read
    /// when first needed, as the host's costs Foundation a read of the zone database and the
    /// environment, 7% of the instructions of a start that may never stamp a time.
    public private(set) lazy var zone: TimeZone = .current
    /// Where people read the show's times (log lines, plan, timeline, the terminal display):
    /// the zone the show declared (`show.new(name, {tz = ...})`, the first one to declare one),
    /// else `zone`. Loop thread only.
    public var displayZone: TimeZone { declaredDisplayZone ?? zone }
    private var declaredDisplayZone: TimeZone?
    /// A `--start` that names no zone or offset ("09:50"): read in the host's zone until a show
    /// declares its own, then read again in that one, if the virtual clock has not yet moved.
    public var startInShowZone: String?
    /// Receives each log line and event line, already stamped with the show's clock time.
    public let output: (String) -> Void

    public var state: LuaState { scheduler.state }
    public var clock: any ShowClock { scheduler.clock }

    /// The run's journal and the journal it resumes, if any.
    public var record: RunRecord { hub.record }

    /// `backends` provide what shows call: the platforms, stubs. `record` journals the run
    /// (and, resuming, replays the journal it continues).
    public init(state: LuaState, clock: any ShowClock, mode: Mode = .run, zone: TimeZone? = nil,
                backends: [any ShowBackend] = [], record: RunRecord = RunRecord(),
                output: @escaping (String) -> Void) throws {
        scheduler = Scheduler(state: state, clock: clock)
        hub = ShowHub(loop: state.loop, record: record, now: Self.serverTime(clock))
        record.batch(on: state.loop)
        self.mode = mode
        self.output = output
        if let zone { self.zone = zone }
        try Primitives.install(in: self)
        for backend in backends { try backend.install(into: self) }
        scheduler.unobservedFailure = { [unowned self] handle in
            log("error", "task '\(handle.name)' failed: \(handle.failure.map { String(describing: $0) } ?? "?")")
        }
    }

    /// The time clients of the hub set their clocks by, from any thread: the real clock's,
    /// which is the show's in a run. A virtual clock (rehearsal, plan) is the loop thread's
    /// alone; its clients get the machine's time.
    private static func serverTime(_ clock: any ShowClock) -> @Sendable () -> Double {
        if let real = clock as? RealClock { return { real.wallNow } }
        return { Date().timeIntervalSince1970 }
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

    /// The show declares its zone: its times read in it from now on (the first show to declare
    /// one wins: one run, one display zone). A zone-less `--start` is read again in it.
    func declare(zone name: String) throws {
        guard !declaredZone else { return }
        declaredZone = true
        declaredDisplayZone = try TimeSpec.timeZone(name)
        if let text = startInShowZone, let virtual = clock as? VirtualClock, virtual.now == 0 {
            let start = try NumberRule.showStart.check(TimeSpec.parse(text, zone: name).resolve(reference: Date().timeIntervalSince1970), "--start")
            virtual.stepWall(by: start - virtual.wallNow)
        }
    }

    private var declaredZone = false

    /// A moment as people read it in the display zone: "09:50:00 EST", with the date when it
    /// is not on the day of `today` (default: now).
    public func clockText(_ wall: Double, today: Double? = nil) -> String {
        ShowTime(zone: displayZone).text(wall, now: today ?? clock.wallNow)
    }

    /// "HH:MM:SS.mmm" of the show's clock, in the display zone.
    public func timestamp(_ wall: Double? = nil) -> String {
        ShowTime(zone: displayZone).clock(wall ?? clock.wallNow, milliseconds: true)
    }

    /// A line in the show's log (`sc.log`), stamped with the show's clock: Lua thread only.
    public func log(_ level: String, _ message: String) {
        let tag = level.uppercased().prefix(5)
        output("\(timestamp()) \(tag)\(String(repeating: " ", count: 5 - tag.count)) \(message)")
    }
}
