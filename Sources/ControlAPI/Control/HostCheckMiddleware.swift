import HTTPTypes
import Hummingbird
import ShowEngine

/// Refuses, on every route, a request whose `Host` is not one this server answers to (see
/// `ServedHosts`): 421 `misdirected_host`. A second `Host` header is refused too, so the check
/// cannot be satisfied by one value while something downstream reads another.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    /// nil until the socket is bound (the port is known only then).
    let hosts: @Sendable () -> ServedHosts?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let host = request.head.authority, hosts()?.serves(host) == true, request.headers[values: .host].isEmpty else {
            throw ControlError(.misdirectedRequest, "misdirected_host", "this server does not answer to that Host name")
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// The first `Host` becomes the request's authority; any further one stays a header.
    fileprivate static let host = HTTPField.Name("Host")!
}
