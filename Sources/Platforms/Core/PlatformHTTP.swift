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

    /// Where a platform call's task runs (`PlatformContext.run`): on one of the client's event
    /// loops, taken in turn, so that the request goes out from the thread the call runs on when
    /// its connection lives there, and a hundred calls at once share the loops.
    public func nextExecutor() -> HandOffExecutor {
        executors[Int(turn.add(1, ordering: .relaxed).oldValue % UInt(executors.count))]
    }

    private let executors: [HandOffExecutor]
    private let turn = Atomic<UInt>(0)

    public init(connectionsPerHost: Int = 128) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.timeout = .init(connect: .seconds(10))
        // A platform that redirects a control call is misconfigured; following it could resend a POST.
        configuration.redirectConfiguration = .disallow
        let group = HTTPClient.defaultEventLoopGroup
        client = HTTPClient(eventLoopGroup: group, configuration: configuration)
        executors = group.makeIterator().map { loop in HandOffExecutor { loop.execute($0) } }
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
