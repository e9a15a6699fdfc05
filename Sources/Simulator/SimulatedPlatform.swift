import Foundation

/// What every simulated platform is, so that shared code (the world, the server, the admin
/// routes, the seed) never switches on the platform. A platform is a folder of its own,
/// `Sources/Simulator/<Name>/`: its seed (`<Name>Seed.swift`), its state machines
/// (`<Name>State.swift`) and its routes (`<Name>Routes.swift`, the conformance to this), plus
/// one line in `World.platforms`.
protocol SimulatedPlatform {
    /// Its part of a seed, the JSON object under its name.
    associatedtype Seed: PlatformSeed

    static var platform: Platform { get }
    /// The credentials it accepts unless a seed's `credentials` says otherwise, by their keys there.
    static var credentials: [String: String] { get }
    /// Its part of `SimulatorSeed.standard`.
    static var standardSeed: Seed { get }
    /// Its table of a ShowCall profile pointing at this simulator, in the profile's own keys
    /// (`base_url`, the credentials it accepts): `showcall sim`'s banner line and
    /// `--print-profile` are made from it, so what is printed is what a profile takes.
    static func profile(baseURL: String, credentials: SimulatorCredentials) -> [(key: String, value: String)]
    /// Its state from its seed (`now` dates what the seed leaves undated).
    init(seed: Seed, credentials: SimulatorCredentials, now: Date)

    /// Every route it answers, in its document's own paths.
    static var routes: [SimRoute<Self>] { get }
    /// What every request to a route goes through before its handler (the body's format, the
    /// session, the limits); throws the platform's refusal.
    mutating func admit(_ call: inout SimCall) throws(SimResponse)
    /// What every answer carries (rate-limit headers, request ids); `call` is nil for a
    /// request no route matched.
    func finish(_ answer: SimResponse, _ call: SimCall?) -> SimResponse
    /// Its answer to a path it has no route for, and to a method a path does not take.
    static func notFound(now: Date) -> SimResponse
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse
    /// The error it gives for a body over the size limit, in its own format.
    static func tooLarge(now: Date) -> SimResponse

    /// Invalidates every token or session it issued (`/_sim/faults` revoke-tokens).
    mutating func revokeTokens()
    /// Switches its rate limiter; a platform with no documented limit has none to switch.
    mutating func limitRates(_ on: Bool)
    /// Its part of `/_sim/state`.
    var snapshot: JSON { get }
    /// Broken invariants of its state machines; empty when consistent.
    var violations: [String] { get }
}

extension SimulatedPlatform {
    func finish(_ answer: SimResponse, _ call: SimCall?) -> SimResponse { answer }

    /// Answers one request: the route its path and method name, through the gate, to its handler.
    mutating func handle(_ request: SimRequest, now: Date) -> SimResponse {
        let components = request.pathComponents
        let matching = Self.routes.compactMap { route in route.match(components).map { (route, $0) } }
        guard let fewest = matching.map(\.0.parameterCount).min() else { return finish(Self.notFound(now: now), nil) }
        let resource = matching.filter { $0.0.parameterCount == fewest }
        guard let (route, parameters) = resource.first(where: { $0.0.method == request.method }) else {
            return finish(Self.methodNotAllowed(allowed: resource.map(\.0.method), now: now), nil)
        }
        var call = SimCall(request: request, route: route.path, parameters: parameters, now: now, signedIn: route.signedIn)
        let answer: SimResponse
        do {
            try admit(&call)
            answer = try route.handler(&self, call)
        } catch {
            answer = error
        }
        return finish(answer, call)
    }

    /// Its routes as the OpenAPI document lists them.
    static var documentedRoutes: [(method: String, path: String, summary: String)] {
        routes.map { ($0.method.lowercased(), $0.path, $0.summary) }
    }
}
