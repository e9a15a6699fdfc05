import Foundation
import HTTPTypes
import Hummingbird
import ShowEngine

/// Refuses what a page from another site could make the operator's browser send (CSRF): the
/// control API has no cookies, but on loopback without a token any page could otherwise GO or
/// ABORT a live show. The rule, also in the README:
///
/// - `Origin`, when present (any method), must be this server's own origin: `http://` and the
///   request's `Host`. `Origin: null` (sandboxed frames, `data:` pages) is refused. Browsers
///   put `Origin` on every cross-origin fetch and on every POST, so no cross-site script gets
///   past this; a top-level navigation (a link, a bookmark) sends none and is not affected.
/// - On a state-changing request (any method but GET and HEAD):
///   - `Sec-Fetch-Site: cross-site` or `same-site` is refused (a browser's own verdict; another
///     port on localhost is same-site).
///   - A `Content-Type` a form can send without a CORS preflight (`application/x-www-form-urlencoded`,
///     `multipart/form-data`, `text/plain`) is refused, with or without a body: it covers
///     browsers too old to send `Origin` on a form. Commands take no body; send none or JSON.
///
/// The control page (same origin), `curl -X POST` (no `Origin`, no `Content-Type`), Companion
/// and Stream Deck HTTP actions (no `Origin`) pass. Refusals: 403 `forbidden_origin`, 415
/// `unsupported_media_type`. Runs after `HostCheckMiddleware`, so `Host` is one of ours.
struct OriginCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origins = request.headers[values: .origin]
        if !origins.isEmpty {
            guard let host = request.head.authority.flatMap(ServedHosts.split), origins.allSatisfy({ Self.isOrigin($0, of: host) }) else {
                throw ControlError(.forbidden, "forbidden_origin", "requests from another web page are refused (Origin is not this server)")
            }
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        if let site = request.headers[.secFetchSite]?.lowercased(), site == "cross-site" || site == "same-site" {
            throw ControlError(.forbidden, "forbidden_origin", "requests from another web page are refused (Sec-Fetch-Site: \(site))")
        }
        for type in request.headers[values: .contentType] {
            let essence = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if formTypes.contains(essence) {
                throw ControlError(.unsupportedMediaType, "unsupported_media_type",
                                   "a command takes no body, or JSON; form and text/plain bodies are refused")
            }
        }
        return try await next(request, context)
    }

    private static func isOrigin(_ origin: String, of host: (name: String, port: Int)) -> Bool {
        let text = origin.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("http://"), let (name, port) = ServedHosts.split(String(text.dropFirst(7))) else { return false }
        return name == host.name && port == host.port
    }
}

/// What an HTML form (or a fetch without a preflight) can send.
private let formTypes: Set<String> = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]

extension HTTPField.Name {
    fileprivate static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
