import Foundation

/// One route of a simulated platform: a method and a path below the platform's prefix as its
/// document spells it (`/api/v2/scheduled-events/{eventId}/start`, where `{name}` matches one
/// segment), what it does (its OpenAPI summary), and the handler that answers it. A handler
/// refuses by throwing the answer to send.
struct SimRoute<State>: Sendable {
    typealias Handler = @Sendable (inout State, SimCall) throws(SimResponse) -> SimResponse

    let method: String
    let path: String
    let summary: String
    /// Whether the platform's gate (`SimulatedPlatform.admit`) applies: false for the routes
    /// that sign in, which have no session to check yet.
    let signedIn: Bool
    let handler: Handler
    private let segments: [Segment]

    private enum Segment: Equatable, Sendable {
        case literal(Substring)
        case parameter(String)
    }

    init(_ method: String, _ path: String, _ summary: String, signedIn: Bool = true, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.summary = summary
        self.signedIn = signedIn
        self.handler = handler
        segments = path.split(separator: "/").map { s in
            s.hasPrefix("{") && s.hasSuffix("}") ? .parameter(String(s.dropFirst().dropLast())) : .literal(s)
        }
    }

    /// The path's parameters when `components` match this route's path, else nil.
    func match(_ components: [Substring]) -> [String: String]? {
        guard components.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, component) in zip(segments, components) {
            switch segment {
            case .literal(let text): guard text == component else { return nil }
            case .parameter(let name): parameters[name] = String(component)
            }
        }
        return parameters
    }

    /// How many segments are parameters: of two paths that match, the one with fewer wins
    /// (Webex's `/v1/meetings/controls` over `/v1/meetings/{meetingId}`).
    var parameterCount: Int { segments.count { if case .parameter = $0 { true } else { false } } }
}

/// A request matched to a route, as its handler sees it.
struct SimCall {
    let request: SimRequest
    /// The route's path as declared (`/v1/meetings/controls`): what per-endpoint limits count.
    let route: String
    let parameters: [String: String]
    let now: Date
    /// Whether the platform's gate admitted it (see `SimRoute.signedIn`).
    let signedIn: Bool
    /// The token or session the gate admitted it with, for handlers that count per token.
    var token: String?

    /// A path parameter the route declares.
    subscript(_ name: String) -> String { parameters[name]! }
}
