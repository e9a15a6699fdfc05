/// The credentials the simulator accepts, by their keys in a seed's `credentials` object
/// (`vbrickApiKey`, `conveyPassword`...): each platform's defaults (`SimulatedPlatform.credentials`),
/// fixed so rehearsal scripts and `showcall sim` agree without configuration, unless a seed
/// replaces them. Keys no platform declares are ignored.
public struct SimulatorCredentials: Codable, Sendable, Equatable {
    private var values: [String: String]

    public init() { values = Self.defaults }

    static var defaults: [String: String] {
        World.platforms.reduce(into: [:]) { all, kind in all.merge(kind.credentials) { a, _ in a } }
    }

    /// The credential under `key`; nil for a key no platform declares.
    public subscript(key: String) -> String? { values[key] }

    /// A credential a platform declares (a key of its `credentials`): any other key is a bug
    /// in that platform's code, not input.
    func declared(_ key: String) -> String {
        guard let value = values[key] else { preconditionFailure("no simulator credential '\(key)'") }
        return value
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SeedKey.self)
        values = Self.defaults
        for key in values.keys {
            if let given = try c.decodeIfPresent(String.self, forKey: SeedKey(key)) { values[key] = given }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: SeedKey.self)
        for (key, value) in values { try c.encode(value, forKey: SeedKey(key)) }
    }
}
