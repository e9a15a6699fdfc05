import Hummingbird
import NIOCore
import ShowEngine

/// A command runs only once its request arrived whole: the body is read to its end (at most
/// `limit` bytes) before the handler sees the request. A body that breaks off or is malformed
/// (bad chunked encoding) is 400 `bad_request`; one over the limit is 413 `payload_too_large`.
/// Without this a command was sent as soon as the headers arrived, whatever followed them.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ControlError(.contentTooLarge, "payload_too_large", "the request body is over \(limit) bytes")
        } catch {
            throw ControlError.badRequest("the request body is malformed or incomplete")
        }
        return try await next(request, context)
    }
}
