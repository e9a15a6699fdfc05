/// Where a show's platform calls go and with which credentials: one table of a profiles file,
/// or the embedded simulator. Each platform's settings are reached through its own accessor
/// (`profile.vbrick`, in `<Name>Platform.swift`).
public struct Profile: Sendable {
    public var name: String
    /// The file it came from, or a description of the simulator.
    public var source: String
    /// True when the platforms are a simulator: runs say SIMULATED.
    public var simulated: Bool
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
    /// Each platform's settings by its name; a platform left out is not configured.
    private var settings: [String: any Sendable] = [:]

    public init(name: String, source: String, simulated: Bool) {
        self.name = name
        self.source = source
        self.simulated = simulated
    }

    /// Every platform pointed at ShowCall's simulator: `baseURL` gives a platform's base URL by
    /// its name (nil for one the simulator does not have) and `credential` the credentials it
    /// accepts, by their seed keys.
    public static func simulator(source: String, baseURL: (String) -> String?, credential: (String) -> String) -> Profile {
        var p = Profile(name: "simulator", source: source, simulated: true)
        for kind in PlatformKinds.all {
            if let url = baseURL(kind.name) { kind.simulate(in: &p, baseURL: url, credential: credential) }
        }
        return p
    }

    subscript<P: PlatformKind>(_ platform: P.Type) -> P.Settings? {
        get { settings[P.name] as? P.Settings }
        set { settings[P.name] = newValue }
    }

    /// What a run prints first, so nobody mistakes a rehearsal for the real thing, or the reverse.
    public var banner: String {
        simulated ? "SIMULATED: platforms are \(source)" : "LIVE: profile '\(name)' from \(source)"
    }
}
