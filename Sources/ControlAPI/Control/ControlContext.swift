import Hummingbird
import NIOCore
import ShowEngine

/// The request context of the control API: Hummingbird's basic one plus the connection, so an
/// event stream can end the moment its client goes away instead of at its next write.
struct ControlContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
