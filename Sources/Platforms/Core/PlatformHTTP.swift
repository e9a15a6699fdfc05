import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ShowEngine
import Synchronization

/// The one HTTP client every platform shares: a connection pool with keep-alive, sized for a
/// show's parallel calls (the default of 8 connections a host would queue a 100-way `parallel{}`).
public final class PlatformHTTP: Sendable {
    public static let shared = PlatformHTTP()

    private let client: HTTPClient

    /// Where a platform call's task runs (`PlatformCalls.run`): on the client's event loop with
    /// the fewest calls running, the first of them on a tie; `release` when the call is done.
    /// The client takes an idle connection on the loop a request is made from if there is one,
    /// else any: calls one after another then all run on the first loop, where the connections
    /// they made live, and each request goes out from the thread its call runs on. (Taken in
    /// turn, every other call found its connection on the other loop and its request waited for
    /// a second thread hand-off after the intent landed, about 0.3 ms of a GO's way to the
    /// wire.) Calls at once spread over the loops as they pile up.
    public func leaseExecutor() -> (executor: HandOffExecutor, release: @Sendable () -> Void) {
        let index = running.withLock { running in
            let least = running.indices.min { running[$0] < running[$1] } ?? 0
            running[least] += 1
            return least
        }
        return (executors[index], { self.running.withLock { $0[index] -= 1 } })
    }

    private let executors: [HandOffExecutor]
    /// Calls running on each of `executors`.
    private let running: Mutex<[Int]>

    public init(connectionsPerHost: Int = 128) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.timeout = .init(connect: .seconds(10))
        // A platform that redirects a control call is misconfigured; following it could resend a POST.
        configuration.redirectConfiguration = .disallow
        let group = HTTPClient.defaultEventLoopGroup
        client = HTTPClient(eventLoopGroup: group, configuration: configuration)
        executors = group.makeIterator().map { loop in HandOffExecutor { loop.execute($0) } }
        running = Mutex(Array(repeating: 0, count: executors.count))
    }

    /// Largest answer read; a platform's control answers are a few kilobytes.
    static let maxBody = 4 << 20

    public typealias Responder = @Sendable (WireRequest) async throws -> WireResponse

    /// When set, every request of the process is answered by it, in process, instead of the
    /// network. Only the fuzz targets under `scripts/fuzz/` set it: they feed the clients'
    /// reading of answers millions of malformed ones, which a loopback server would serve too
    /// slowly. (Process-wide rather than a TaskLocal: Swift 6.3's optimized code crashes in
    /// `TaskLocal.withValue` under AddressSanitizer, which the fuzzers run with.)
    public static func answerInProcess(_ responder: Responder?) { inProcess.withLock { $0 = responder } }
    private static let inProcess = Mutex<Responder?>(nil)

    /// Sends `request` to `base` and reads the whole answer, by `deadline`.
    public func send(_ request: WireRequest, base: String, deadline: ContinuousClock.Instant) async throws -> WireResponse {
        if let answer = Self.inProcess.withLock({ $0 }) { return try await answer(request) }
        // An attempt whose time ran out (a host frozen past its lease) is never sent late.
        guard ContinuousClock.now < deadline else { throw HTTPClientError.deadlineExceeded }
        var r = HTTPClientRequest(url: request.url(base: base))
        r.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { r.headers.add(name: name, value: value) }
        if let body = request.body { r.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(r, deadline: Self.nio(deadline))
        let body = try await response.body.collect(upTo: Self.maxBody)
        return WireResponse(status: Int(response.status.code),
                            headers: response.headers.map { ($0.name, $0.value) },
                            body: Array(buffer: body))
    }

    static func nio(_ instant: ContinuousClock.Instant) -> NIODeadline {
        let (seconds, attoseconds) = ContinuousClock.now.duration(to: instant).components
        return .now() + .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
