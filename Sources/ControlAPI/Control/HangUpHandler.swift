import NIOCore
import NIOHTTPTypes
import ShowEngine

/// Closes a connection whose client hung up while an event stream was being sent to it.
///
/// The server keeps a connection open after the client's FIN (half-closure is allowed, so a
/// client that shuts down its sending side still gets its answer). An event stream is never
/// answered to such a client on purpose: its FIN means the viewer left. Without this, the
/// stream and its descriptor lived until a write failed, minutes later on a quiet show.
final class HangUpHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var streaming = false
    private var inputClosed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            streaming = head.headerFields[.contentType]?.hasPrefix("text/event-stream") == true
        case .end:
            streaming = false
        case .body:
            break
        }
        context.write(data, promise: promise)
        if streaming, inputClosed { context.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            if streaming { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }
}
