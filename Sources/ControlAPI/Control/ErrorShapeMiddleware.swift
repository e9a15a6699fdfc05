import Hummingbird
import ShowEngine

/// Outermost: whatever refused the request (a check, a handler, the router's 404, a body that
/// broke off), the client gets `ControlError`'s shape and never Hummingbird's bare status or
/// an empty 500.
struct ErrorShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ControlError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            return try ControlError(error.status, ControlError.code(for: error.status),
                                    error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try ControlError(error.status, ControlError.code(for: error.status), error.status.reasonPhrase)
                .response(from: request, context: context)
        } catch {
            // The error's text may hold anything (paths, the request); the log has it, the client does not.
            context.logger.error("control API: \(String(describing: error))")
            return try ControlError(.internalServerError, "internal_error", "the control API failed to answer")
                .response(from: request, context: context)
        }
    }
}
