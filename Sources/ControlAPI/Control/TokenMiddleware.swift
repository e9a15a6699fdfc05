import Hummingbird
import ShowEngine

/// With a token set, a request must carry it: `Authorization: Bearer TOKEN` or `?token=TOKEN`.
/// Where reading is enough (`/state`, `/events`), the read-only view token does too, sent the
/// same ways or as the view link's `?view=`.
/// Without a token (loopback only) everything passes; `OriginCheckMiddleware` is then what
/// keeps other web pages out. Refusal: 401 `unauthorized`, which never says what was sent.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    /// nil where the view token must not be enough (commands).
    let viewToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let given = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 }
            ?? request.uri.queryParameters.get("token")
        if let given, Self.same(given, token) { return try await next(request, context) }
        if let viewToken {
            let offered = [given, request.uri.queryParameters.get("view").map { String($0) }].compactMap { $0 }
            if offered.contains(where: { Self.same($0, viewToken) }) { return try await next(request, context) }
        }
        throw ControlError(.unauthorized, "unauthorized", "a valid token is required")
    }

    /// Compares in time that depends on the lengths only, so timing does not reveal how much
    /// of a guess was right.
    private static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
