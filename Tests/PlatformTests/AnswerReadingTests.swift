import Hummingbird
import Logging
import Platforms
import ServiceLifecycle
import Testing

/// How the clients read what a platform sends back, for answers the fuzz target
/// (`scripts/fuzz/run platform`) found mishandled.
@Suite struct AnswerReadingTests {
    // Found by scripts/fuzz (platform): Webex's trackingId header echoed a password, and the
    // error printed it, since only the message went through redaction.
    @Test func aSecretEchoedInAnErrorsCodeOrRequestIDIsRedacted() {
        let secret = "answer-reading-test-password"
        Secrets.register(secret)
        let error = PlatformError(platform: "webex", operation: "meeting 1 status", status: 400, code: "E-\(secret)",
                                  message: "refused", requestID: "ROUTER_\(secret)")
        #expect(!error.description.contains(secret))
        #expect(error.luaFields.values.allSatisfy { !"\($0)".contains(secret) })
        #expect(error.description == "webex meeting 1 status: refused (HTTP 400, code E-[redacted], request ROUTER_[redacted])")
    }
}

extension AnswerReadingTests {
    // Found in review while writing the platform fuzz target (then given to it as a seed): a
    // 429 whose Retry-After was a huge number of seconds, valid delta-seconds syntax, trapped
    // turning it into a Duration, and the whole process died. Served by a one-route server:
    // the simulator's Retry-After is an Int, too small to show it.
    @Test func aRetryAfterOfAnyLengthEndsTheCallWithAnErrorNotACrash() async throws {
        let router = Router()
        router.get("/v1/meetings/controls") { _, _ -> Response in
            Response(status: .tooManyRequests, headers: [HTTPFields.Element.Name("Retry-After")!: "100000000000000000000000"])
        }
        let port = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.continuation.yield($0.localAddress?.port ?? 0) }, logger: Self.quiet)
        // Stopped gracefully (see ControlServer.stop), whatever the test finds.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Self.quiet))
        let server = Task { try await group.run() }
        var ports = port.stream.makeAsyncIterator()
        let bound = await ports.next() ?? 0
        let webex = WebexClient(settings: WebexSettings(baseURL: "http://127.0.0.1:\(bound)", credentials: .accessToken("answer-reading-test-token")),
                                rateLimited: false)
        let error = await #expect(throws: PlatformError.self) { try await webex.controls("m1") }
        #expect(error?.status == 429)
        #expect(error?.retryable == true)
        #expect(WireResponse(status: 429, headers: [("Retry-After", "inf")], body: []).retryAfter == nil)
        await group.triggerGracefulShutdown()
        _ = await server.result
    }

    /// The test server's own shutdown notes are not the test's business.
    static var quiet: Logger {
        var logger = Logger(label: "answer-reading-test")
        logger.logLevel = .critical
        return logger
    }
}
