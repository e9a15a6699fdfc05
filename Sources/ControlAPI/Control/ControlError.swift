import Hummingbird
import ShowEngine

/// Every refusal of the control API, in one shape a client can branch on:
/// `{"error": {"code": "forbidden_origin", "message": "..."}}`. The code is stable (clients and
/// scripts match on it); the message is for people and may change. Messages never carry a
/// token or echo what the client sent, so a refusal cannot leak a secret or reflect input.
struct ControlError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> ControlError { .init(.badRequest, "bad_request", message) }

    /// The code for a status when all that is known is the status (the router's own 404, a
    /// framework error): the same code a handler would have used for it.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 421: "misdirected_host"
        case 500 ... 599: "internal_error"
        default: "http_\(status.code)"
        }
    }

    var body: String {
        var out = "{\"error\":{\"code\":"
        out += LuaJSON.quoted(code)
        out += ",\"message\":"
        out += LuaJSON.quoted(message)
        return out + "}}\n"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        // RFC 9110: a 401 says which scheme would be accepted.
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
