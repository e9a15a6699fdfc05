import Platforms
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
