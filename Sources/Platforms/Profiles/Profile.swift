/// Where a show's platform calls go and with which credentials: one table of a profiles file,
/// or the embedded simulator.
public struct Profile: Sendable {
    public var name: String
    /// The file it came from, or a description of the simulator.
    public var source: String
    /// True when the platforms are a simulator: runs say SIMULATED.
    public var simulated: Bool
    public var vbrick: VbrickSettings?
    public var convey: ConveySettings?
    public var webex: WebexSettings?
    public var zoom: ZoomSettings?
    public var huawei: HuaweiSettings?
    /// Off only against a simulator started with its limits off (load benchmarks).
    public var rateLimits = true
    /// The whole of one call, retries included.
    public var timeout: Duration = .seconds(30)
    /// Scripts run with this profile run in the sandbox (as with `--sandbox`).
    public var sandbox = false
    /// Directories a sandboxed script may also read and write, absolute.
    public var allowDirectories: [String] = []
    /// The shared store (postgres://…) runs with this profile keep their journal and lease in.
    public var store: String?

    public init(name: String, source: String, simulated: Bool) {
        self.name = name
        self.source = source
        self.simulated = simulated
    }

    /// What a run prints first, so nobody mistakes a rehearsal for the real thing, or the reverse.
    public var banner: String {
        simulated ? "SIMULATED: platforms are \(source)" : "LIVE: profile '\(name)' from \(source)"
    }
}
