import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// How to start a simulator. Port 0 binds an ephemeral port (read it back from `port`), so tests
/// can run side by side.
public struct SimulatorConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var seed: SimulatorSeed
    public var faults: FaultSpec
    public var clock: any SimulatorClock
    /// Hummingbird's own log; `.critical` by default: a client that hangs up mid-request is
    /// logged at `.error`, and the simulator's failures surface as thrown errors anyway.
    public var logLevel: Logger.Level
    /// Whether the platforms' documented rate limits apply (Convey, Webex, Zoom and Huawei answer
    /// "too many requests" past them). Switch them off only for load benchmarks, which measure the
    /// client and would otherwise measure the limits; a reset keeps the setting.
    public var rateLimits: Bool

    public init(host: String = "127.0.0.1", port: Int = 0, seed: SimulatorSeed = .standard,
                faults: FaultSpec = FaultSpec(), clock: any SimulatorClock = SystemClock(), logLevel: Logger.Level = .critical,
                rateLimits: Bool = true) {
        self.host = host
        self.port = port
        self.seed = seed
        self.faults = faults
        self.clock = clock
        self.logLevel = logLevel
        self.rateLimits = rateLimits
    }
}

/// A running simulator. Start it with `start(_:)` from async code, or `startBlocking(_:)` from
/// synchronous code (the Lua loop); stop it with `stop()` / `stopBlocking()`.
public final class PlatformSimulator: Sendable {
    public let host: String
    public let port: Int
    public let clock: any SimulatorClock
    private let core: SimulatorCore
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    /// The credentials the simulator accepts (the seed's).
    public var credentials: SimulatorCredentials { core.world.withLock { $0.credentials } }

    /// `http://host:port`; the admin API is under `/_sim/`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// The base URL a client of `platform` uses: the platform's documented paths go below it
    /// (Webex's `/v1` and Zoom's `/v2` are part of those paths).
    public func baseURL(for platform: Platform) -> String { "\(baseURL)/\(platform.rawValue)" }

    private init(host: String, port: Int, clock: any SimulatorClock, core: SimulatorCore, task: Task<Void, any Error>,
                 group: ServiceGroup) {
        self.host = host
        self.port = port
        self.clock = clock
        self.core = core
        self.task = task
        self.group = group
    }

    public static func start(_ configuration: SimulatorConfiguration = .init()) async throws -> PlatformSimulator {
        let core = SimulatorCore(seed: configuration.seed, faults: configuration.faults, clock: configuration.clock,
                                 rateLimits: configuration.rateLimits)
        var logger = Logger(label: "showcall.sim")
        logger.logLevel = configuration.logLevel
        let bound = BoundPort()
        let app = Application(
            responder: SimulatorResponder(core: core),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ShowCall-Simulator"),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger
        )
        // Stopped by a graceful shutdown, never by cancelling the task: cancelled, the server
        // drops the connections it has accepted but not yet served, which NIO asserts against.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                bound.resolve(.failure(error))
                throw error
            }
            bound.resolve(.failure(CancellationError()))
        }
        let port = try await bound.value
        core.serve(at: "http://\(configuration.host):\(port)")
        return PlatformSimulator(host: configuration.host, port: port, clock: configuration.clock, core: core, task: task, group: group)
    }

    /// Stops serving: the socket and idle connections close at once, and this waits up to two
    /// seconds for requests still being answered (a fault's delay). It never cancels the
    /// server: cancelled, it drops connections NIO still owns, and NIO's assertion ends the
    /// process. What is still open then closes on the server's threads.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = self.task
        // Whichever comes first: the server's end, or two seconds (awaiting a task's result
        // cannot itself be cut short).
        await withCheckedContinuation { (waiting: CheckedContinuation<Void, Never>) in
            let once = Locked<CheckedContinuation<Void, Never>?>(waiting)
            let resume: @Sendable () -> Void = { once.withLock { c in defer { c = nil }; return c }?.resume() }
            Task.detached { _ = await task.result; resume() }
            Task.detached { try? await Task.sleep(for: .seconds(2)); resume() }
        }
    }

    /// Starts a simulator from synchronous code; the server runs on its own threads.
    /// Not for use from inside an async task (it blocks the calling thread while starting).
    public static func startBlocking(_ configuration: SimulatorConfiguration = .init()) throws -> PlatformSimulator {
        let result = Locked<Result<PlatformSimulator, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { let sim = try await start(configuration); result.withLock { $0 = .success(sim) } }
            catch { result.withLock { $0 = .failure(error) } }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Stops a simulator from synchronous code.
    public func stopBlocking() {
        let done = DispatchSemaphore(value: 0)
        Task.detached { await self.stop(); done.signal() }
        done.wait()
    }

    /// Waits until the server ends (it ends only when stopped or if it fails).
    public func wait() async throws { try await task.value }

    /// What `showcall sim` prints first: each platform's line of a profile (its base URL and
    /// the credentials it accepts, in the profile's keys).
    public var banner: String {
        let lines = profileTables.map { platform, entries in
            "  " + platform.padding(toLength: 8, withPad: " ", startingAt: 0) + entries.map { "\($0.key) = \(Self.quoted($0.value))" }.joined(separator: ", ")
        }
        return (["ShowCall platform simulator on \(baseURL) (admin: \(baseURL)/_sim/state)"] + lines + ["Ctrl-C to stop."]).joined(separator: "\n")
    }

    /// A ShowCall profile named `name` (TOML) pointing every platform at this simulator.
    public func profile(named name: String) -> String {
        profileTables.map { platform, entries in
            (["[\(name).\(platform)]"] + entries.map { "\($0.key) = \(Self.quoted($0.value))" }).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    private var profileTables: [(String, [(key: String, value: String)])] {
        World.platforms.map { kind in (kind.platform.rawValue, kind.profile(baseURL: baseURL(for: kind.platform), credentials: credentials)) }
    }

    /// A TOML basic string: a seed's credential may hold any character.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public var state: JSON { core.world.withLock { $0.snapshot } }
    public var violations: [String] { core.world.withLock { $0.violations } }
    public func setFaults(_ spec: FaultSpec) { core.setFaults(spec) }
    /// What the webhook sink (`/_sim/webhooks/...`) received, oldest first.
    public var webhookMessages: [JSON] { core.webhooks.withLock { $0.messages } }
    public func reset(to seed: SimulatorSeed? = nil) { core.reset(to: seed ?? core.initialSeed) }
}

/// The port the server bound, delivered once from `onServerRunning` (or the failure to bind).
private final class BoundPort: Sendable {
    private let state = Locked<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { s in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { c in
                let ready: Result<Int, any Error>? = state.withLock { s in
                    if s.result == nil { s.waiter = c }
                    return s.result
                }
                if let ready { c.resume(with: ready) }
            }
        }
    }
}
