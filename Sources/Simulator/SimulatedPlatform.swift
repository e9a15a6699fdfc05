import Foundation

/// What every simulated platform is, so that shared code (the world, the server, the admin
/// routes) never switches on the platform: a new platform is a type conforming to this in a
/// file of its own, plus one line in `World.platforms`.
protocol SimulatedPlatform {
    static var platform: Platform { get }
    /// Its state from the seed (`now` dates what the seed leaves undated).
    init(seed: SimulatorSeed, now: Date)
    /// Answers one request to it.
    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse
    /// Invalidates every token or session it issued (`/_sim/faults` revoke-tokens).
    mutating func revokeTokens()
    /// Switches its rate limiter; a platform with no documented limit has none to switch.
    mutating func limitRates(_ on: Bool)
    /// Its part of `/_sim/state`.
    var snapshotEntry: JSON { get }
    /// Broken invariants of its state machines; empty when consistent.
    var violations: [String] { get }
    /// The error it gives for a body over the size limit, in its own format.
    static func tooLarge(now: Date) -> SimResponse
}
