import Foundation

/// A platform's part of a seed: its resources, read from the JSON object under its name.
/// Every field but the ids may be left out, so `init()` is the platform with nothing in it.
public protocol PlatformSeed: Codable, Sendable, Equatable {
    init()
}

/// The resources a simulator starts from, read from JSON (`--seed FILE`, `POST /_sim/seed`):
/// `{"credentials": {...}, "vbrick": {...}, "convey": {...}, ...}`, each platform's part under
/// its name (its `<Name>Seed.swift` says what it holds and gives a typed accessor such as
/// `seed.vbrick`). See `SimulatorSeed.standard` for a complete example.
public struct SimulatorSeed: Codable, Sendable, Equatable {
    public var credentials = SimulatorCredentials()
    /// By platform; a platform left out has its empty seed.
    private var parts: [Platform: any PlatformSeed] = [:]

    public init() {}

    subscript<P: SimulatedPlatform>(_ platform: P.Type) -> P.Seed {
        get { parts[P.platform] as? P.Seed ?? P.Seed() }
        set { parts[P.platform] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SeedKey.self)
        credentials = try c.decodeIfPresent(SimulatorCredentials.self, forKey: SeedKey("credentials")) ?? .init()
        for kind in World.platforms { try kind.decodeSeed(&self, from: c) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: SeedKey.self)
        try c.encode(credentials, forKey: SeedKey("credentials"))
        for kind in World.platforms { try kind.encodeSeed(self, into: &c) }
    }

    public static func == (a: SimulatorSeed, b: SimulatorSeed) -> Bool {
        a.credentials == b.credentials && World.platforms.allSatisfy { $0.sameSeed(a, b) }
    }

    public static func load(from url: URL) throws -> SimulatorSeed {
        try JSONDecoder().decode(SimulatorSeed.self, from: Data(contentsOf: url))
    }

    /// One resource of each kind in a state a town-hall rehearsal can use: each platform's
    /// `standardSeed` (a Vbrick webcast scheduled, a Convey event in a two-level folder tree, a
    /// Webex meeting in progress, a Zoom webinar started with its live stream configured, a
    /// Huawei conference started with live enabled).
    public static let standard: SimulatorSeed = {
        var s = SimulatorSeed()
        for kind in World.platforms { kind.plantStandardSeed(in: &s) }
        return s
    }()
}

/// A JSON key chosen at run time: a platform's name, a credential's.
struct SeedKey: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension SimulatedPlatform {
    static func decodeSeed(_ seed: inout SimulatorSeed, from c: KeyedDecodingContainer<SeedKey>) throws {
        seed[Self.self] = try c.decodeIfPresent(Seed.self, forKey: SeedKey(platform.rawValue)) ?? Seed()
    }

    static func encodeSeed(_ seed: SimulatorSeed, into c: inout KeyedEncodingContainer<SeedKey>) throws {
        try c.encode(seed[Self.self], forKey: SeedKey(platform.rawValue))
    }

    static func sameSeed(_ a: SimulatorSeed, _ b: SimulatorSeed) -> Bool { a[Self.self] == b[Self.self] }

    static func plantStandardSeed(in seed: inout SimulatorSeed) { seed[Self.self] = standardSeed }

    /// Its state from the whole seed: its part and the credentials.
    static func state(from seed: SimulatorSeed, now: Date) -> any SimulatedPlatform {
        Self(seed: seed[Self.self], credentials: seed.credentials, now: now)
    }
}
