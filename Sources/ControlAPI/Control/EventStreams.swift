import Hummingbird
import NIOCore
import ShowEngine
import Synchronization

/// The open event streams (`GET /events`): each one the hub's events for one client, from the
/// moment it connects until it leaves or the server ends it.
final class EventStreams: Sendable {
    private let streams = Mutex<(next: Int, open: [Int: AsyncStream<ByteBuffer>.Continuation])>((0, [:]))
    private let heartbeat: Duration
    /// How often a stream carries the server's time.
    private let tick: Duration

    /// Events a client has not yet taken. A client this far behind has stopped reading; its
    /// stream ends rather than hold the show's events in memory (a browser reconnects and
    /// starts again from the current state).
    private static let backlog = 4096

    init(heartbeat: Duration, tick: Duration) {
        self.heartbeat = heartbeat
        self.tick = tick
    }

    var open: Int { streams.withLock { $0.open.count } }

    /// Command answers not yet written (`ControlServer.send`); stopping waits for them.
    private let answers = Atomic(0)
    var answering: Int { answers.load(ordering: .acquiring) }
    func answering(_ delta: Int) { answers.add(delta, ordering: .releasing) }

    /// Sends the hub's events to `writer`: `state` at once and at every change, each show
    /// event, the recent platform calls, a `tick` with the server's time (`{"now": ...}`) every
    /// `tick` (a second), which clients set their clocks by and whose absence tells them the link is stale,
    /// and a `: keep-alive` comment every `heartbeat` so proxies keep the connection and a peer
    /// that vanished shows up as a failed write. Returns when the stream is ended (`finishAll`),
    /// the client stops reading, or `channel` closes.
    func serve(_ hub: ShowHub, channel: any Channel, to writer: inout any ResponseBodyWriter) async throws {
        let (events, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingOldest(Self.backlog))
        // However it ends (a failed write too), the subscriptions go with it.
        defer { continuation.finish() }
        let send: @Sendable (String) -> Void = { text in
            if case .dropped = continuation.yield(ByteBuffer(string: text)) { continuation.finish() }
        }
        // Subscribed and unsubscribed on the loop thread, in that order: the unsubscription is
        // posted only once the stream ends, and nothing can end it before the subscription is
        // posted below (a handler set later would never run for a stream already ended).
        let subscriptions = Subscriptions()
        continuation.onTermination = { _ in hub.onLoop { for id in subscriptions.ids { hub.unsubscribe(id) } } }
        hub.onLoop {
            subscriptions.ids = [
                // Sent once the show's thread has done its turn (the journal's writer woken),
                // not in the middle of it: the stream's thread would take the core from it.
                hub.subscribe { event in hub.onceCaughtUp { send("event: \(event.type)\ndata: \(event.json)\n\n") } },
                hub.subscribeState { state in send("event: state\ndata: \(state)\n\n") },
            ]
            // A dropped stream is re-opened by the browser after `retry` milliseconds.
            send("retry: 1000\nevent: state\ndata: \(hub.stateJSON)\n\n")
            for event in hub.recentReports { send("event: \(event.type)\ndata: \(event.json)\n\n") }
        }
        let id = streams.withLock {
            $0.next += 1
            $0.open[$0.next] = continuation
            return $0.next
        }
        defer { streams.withLock { _ = $0.open.removeValue(forKey: id) } }
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        let heartbeat = self.heartbeat
        let beats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                send(": keep-alive\n\n")
            }
        }
        defer { beats.cancel() }
        let tick = self.tick
        let ticks = Task {
            // The first `state` carries the time already; ticks follow it.
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                send("event: tick\ndata: {\"now\":\(hub.now)}\n\n")
            }
        }
        defer { ticks.cancel() }
        for await buffer in events { try await writer.write(buffer) }
        try await writer.finish(nil)
    }

    /// Ends every open stream once what it holds is sent. `ended` first sends an `ended` event:
    /// the server is going away, and a client should stop reconnecting.
    func finishAll(ended: Bool = false) {
        for continuation in streams.withLock({ Array($0.open.values) }) {
            if ended { continuation.yield(ByteBuffer(string: "event: ended\ndata: {}\n\n")) }
            continuation.finish()
        }
    }
}

/// One stream's hub subscriptions; touched on the loop thread only.
private final class Subscriptions: @unchecked Sendable {
    var ids: [Int] = []
}
