import ArgumentParser
import Foundation
import LuaHost
import Simulator

/// `showcall sim`: the platform simulator as a standalone server, until SIGINT or SIGTERM.
struct Sim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve simulated Vbrick, Convey, Webex, Zoom and Huawei APIs on one local port."
    )

    @Option(parsing: .unconditional, help: "Port to listen on (0 picks a free one).", transform: NumberOption.integer(.port))
    var port = 8787

    @Option(help: "Host to bind.")
    var host = "127.0.0.1"

    @Option(help: "A JSON seed file with credentials and resources (default: the built-in seed).")
    var seed: String?

    @Option(help: "Faults to inject, e.g. 'zoom:latency=200ms~50ms,error=0.2:503;huawei:reset=0.05'.")
    var faults: String?

    @Flag(help: "Switch off the platforms' rate limits (for load benchmarks, which measure the client).")
    var noRateLimits = false

    @Flag(help: "Print the built-in seed as JSON (a starting point for --seed) and exit.")
    var printSeed = false

    @Option(help: ArgumentHelp("Print a profile named NAME (TOML) for this simulator on standard output, the banner on standard error.",
                               valueName: "NAME"))
    var printProfile: String?

    func validate() throws {
        // A profile's name is a TOML bare key, as the profile files have them.
        if let printProfile, printProfile.isEmpty || !printProfile.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            throw ValidationError("--print-profile: '\(printProfile)' is not a profile name (letters, digits, _ and -)")
        }
    }

    func run() throws {
        if printSeed {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(SimulatorSeed.standard), as: UTF8.self) + "\n")
            Console.flush()
            return
        }
        var config = SimulatorConfiguration(host: host, port: port, rateLimits: !noRateLimits)
        do {
            if let seed { config.seed = try SimulatorSeed.load(from: URL(fileURLWithPath: seed)) }
            if let faults { config.faults = try FaultSpec(parsing: faults) }
        } catch {
            throw ValidationError("\(error)")
        }
        let stopRequested = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig)
            source.setEventHandler { stopRequested.signal() }
            source.resume()
            sources.append(source)
        }
        let sim = try PlatformSimulator.startBlocking(config)
        if let printProfile {
            Console.out(sim.profile(named: printProfile))
            Console.err(sim.banner + "\n")
        } else {
            Console.out(sim.banner + "\n")
        }
        Console.flush()
        stopRequested.wait()
        sim.stopBlocking()
        sources.forEach { $0.cancel() }
    }
}
