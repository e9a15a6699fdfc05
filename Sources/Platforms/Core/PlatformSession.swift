import AsyncHTTPClient
import Foundation
import Logging
import LuaHost

extension NumberRule {
    /// A platform call's timeout, from a profile or a call's options: a millisecond to ten minutes.
    public static let callTimeout = NumberRule(0.001 ... 600, unit: "seconds")
}

/// How long a call may take in all, and how it backs off between attempts.
public struct RetryPolicy: Sendable {
    /// The whole call, retries and rate-limit waits included.
    public var timeout: Duration = .seconds(30)
    /// Eight attempts ride out a one-in-five failure rate with odds of a million to one, and the
    /// backoff keeps them within the default timeout.
    public var maxAttempts = 8
    public var baseDelay = 0.25
    public var maxDelay = 8.0

    public init() {}

    /// Exponential backoff with "equal jitter": half the step fixed, half random, so parallel
    /// calls that failed together do not retry together.
    func backoff(afterAttempt attempt: Int) -> Double {
        let step = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return step / 2 + Double.random(in: 0 ... step / 2)
    }
}

/// One platform's connection: its base URL, token, rate limits and retry policy, shared by
/// every call to it. `call` is the whole life of a call: wait for a rate-limit slot, attach a
/// fresh token, send, read the answer, renew a refused token, retry what may be retried.
public final class PlatformSession: Sendable {
    public let platform: String
    public let base: String
    public let auth: TokenCache?
    let http: PlatformHTTP
    let limits: RateLimits
    let policy: RetryPolicy
    let logger: Logger

    public init(platform: String, base: String, auth: TokenCache?, limits: RateLimits,
                policy: RetryPolicy = RetryPolicy(), http: PlatformHTTP = .shared) {
        self.platform = platform
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.auth = auth
        self.limits = limits
        self.policy = policy
        self.http = http
        logger = Logger(label: "showcall.\(platform)")
    }

    /// Sends a token request through `call`: it carries its own credentials and asking twice
    /// for a token is harmless, so throttling, outages and lost connections are retried like a
    /// read. Every other answer goes back to the caller to read. (Sessions that send these
    /// have no `auth` of their own.)
    public func sendForToken(_ request: WireRequest) async throws -> WireResponse {
        try await sendForToken(request, limit: NoRateLimit?.none)
    }

    public func sendForToken(_ request: WireRequest, limit: (some RateLimitClass)?) async throws -> WireResponse {
        try await call("authenticate", limit: limit, effect: .read, request: { _ in request }, verdict: { [self] r in
            let failure = { self.error("authenticate", "no token: HTTP \(r.status)", retryable: true) }
            switch r.status {
            case 429, 423: return .throttled(failure(), retryAfter: r.retryAfter)
            case 502, 503, 504: return .unavailable(failure())
            default: return .done(r)
            }
        })
    }

    /// Set (for the task making a call) when the run being resumed journaled this call as sent
    /// but never saw its outcome: the call starts as if its first attempt had gone unanswered,
    /// so a change is checked against the platform's state before it is sent, and a create
    /// is not sent at all.
    @TaskLocal public static var previousAttemptUnanswered = false

    public func call<T: Sendable>(
        _ operation: String, limit: (some RateLimitClass)?, effect: CallEffect<T>, timeout: Duration? = nil,
        request: @Sendable (_ token: String?) throws -> WireRequest,
        verdict: @Sendable (WireResponse) -> Verdict<T>
    ) async throws -> T {
        // A call made to settle another's unknown outcome (a reconcile's status read) ends by
        // the outer call's deadline: the timeout the script gave bounds the whole verb.
        let own = ContinuousClock.now + (timeout ?? policy.timeout)
        let deadline = Self.outerDeadline.map { min($0, own) } ?? own
        var attempt = 0
        var outcomeUnknown = Self.previousAttemptUnanswered
        var renewed = false
        var lastError: PlatformError?

        if outcomeUnknown, case .create = effect {
            throw error(operation, "it was sent before the run stopped and its answer never came back, so it may or may not have been created: check on the platform before creating it again")
        }
        while true {
            attempt += 1
            if outcomeUnknown, case .change(let reconcile) = effect,
               let result = try await settle(operation, reconcile, by: deadline, after: lastError) {
                logger.info("\(platform) \(operation): already in place after an unanswered attempt; not sent again")
                return result
            }
            if let limit, let limiter = limits.limiter(limit) {
                do { try await limiter.acquire(before: deadline) } catch is RateLimiter.TooLate {
                    throw lastError ?? error(operation, "the call's timeout ends before the platform's rate limit allows another request", retryable: true)
                }
            }
            var token = auth?.fresh
            if let auth, token == nil {
                let late = lastError ?? error(operation, "no token before the call's timeout", retryable: true)
                do {
                    token = try await Self.by(deadline, else: late) { try await auth.token() }
                } catch var signIn as PlatformError where signIn.operation != operation {
                    // The sign-in gave up before the call's deadline (its own retries ran out):
                    // the error is still the call's, the one the script made, with the sign-in's
                    // reason, status and code, as when the call's deadline ends first.
                    signIn.message = "no token: \(signIn.operation): \(signIn.message)"
                    signIn.operation = operation
                    throw signIn
                }
            }
            let wire = try request(token)
            // A change goes out once its call's intent is on disk and, under a lease, only
            // while the lease outlasts its attempt.
            var attemptDeadline = deadline
            if !effect.isRead { await IntentDurability.beforeChange() }
            if !effect.isRead, let permit = SendPermits.permit, let bound = try await permit.waitToSend("\(platform) \(operation)") {
                attemptDeadline = min(deadline, ContinuousClock.now + bound)
            }
            let verdictNow: Verdict<T>
            do {
                verdictNow = verdict(try await http.send(wire, base: base, deadline: attemptDeadline))
            } catch let error where !(error is CancellationError) && !Task.isCancelled {
                verdictNow = .unavailable(self.error(operation, "no answer: \(Self.describe(error))", retryable: true))
            }

            let wait: Double
            switch verdictNow {
            case .done(let value):
                return value
            case .failed(let error):
                throw error
            case .already(let value, let error):
                if outcomeUnknown { return value }
                throw error
            case .tokenRejected:
                guard let auth, let token, !renewed else {
                    throw error(operation, "the platform refused a freshly issued token; check the profile's credentials and scopes")
                }
                renewed = true
                logger.info("\(platform): token refused; renewing it")
                try await auth.invalidate(token)
                attempt -= 1
                continue
            case .throttled(let error, let retryAfter):
                lastError = error
                wait = retryAfter ?? policy.backoff(afterAttempt: attempt)
            case .unavailable(let error):
                if case .create = effect {
                    var e = error
                    e.retryable = false
                    e.message += "; it may or may not have been created, so it was not sent again: check on the platform before creating it again"
                    throw e
                }
                if case .change = effect { outcomeUnknown = true }
                lastError = error
                wait = policy.backoff(afterAttempt: attempt)
            }
            guard attempt < policy.maxAttempts, wait < Self.seconds(until: deadline), let lastError else {
                var e = lastError ?? error(operation, "gave up", retryable: true)
                // A change whose last attempt went unanswered may have landed: say so, as the
                // settling read's failure does.
                if !effect.isRead, case .unavailable = verdictNow, !e.message.contains("whether it took effect is unknown") {
                    e.message += "; whether it took effect is unknown"
                }
                throw e
            }
            logger.info("\(lastError); retrying in \(String(format: "%.2f", wait)) s (attempt \(attempt + 1) of \(policy.maxAttempts))")
            try await Task.sleep(for: .seconds(wait))
        }
    }

    /// The deadline of the call whose reconcile is running (for the task running it).
    @TaskLocal static var outerDeadline: ContinuousClock.Instant?

    /// Runs `reconcile` (the read that tells whether an unanswered change landed) within the
    /// call's deadline. Its failure is this call's: the error names the verb the script called
    /// (`record.start`), with what the read said, not the read (`status`).
    private func settle<T: Sendable>(_ operation: String, _ reconcile: @escaping @Sendable () async throws -> T?,
                                     by deadline: ContinuousClock.Instant, after lastError: PlatformError?) async throws -> T? {
        let unknown = { (why: String) -> PlatformError in
            var e = lastError ?? self.error(operation, "no answer", retryable: true)
            e.operation = operation
            e.message += "; whether it took effect is unknown: \(why)"
            return e
        }
        do {
            return try await Self.$outerDeadline.withValue(deadline) {
                try await Self.by(deadline, else: unknown("the call's timeout ended before a status read could tell")) { try await reconcile() }
            }
        } catch let e as PlatformError where e.operation != operation {
            throw unknown("the status read to check it failed (\(e.message))")
        }
    }

    /// Seconds from now to `deadline`. Compared as a Double because a wait comes from the
    /// platform (`Retry-After: 100000000000000000000000`) and may not fit in a Duration.
    static func seconds(until deadline: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    func error(_ operation: String, _ message: String, retryable: Bool = false) -> PlatformError {
        PlatformError(platform: platform, operation: operation, message: message, retryable: retryable)
    }

    /// `body`'s result, or `late` thrown at `deadline`. A token fetch shared with other calls
    /// goes on for them when this call gives up on it.
    static func by<T: Sendable>(_ deadline: ContinuousClock.Instant, else late: PlatformError,
                                _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw late
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Transport failures in an operator's words rather than AsyncHTTPClient's type names.
    static func describe(_ error: any Error) -> String {
        switch error as? HTTPClientError {
        case .remoteConnectionClosed?: return "the platform closed the connection without answering"
        case .deadlineExceeded?, .readTimeout?: return "no answer before the call's deadline"
        case .connectTimeout?: return "could not connect in time"
        default: return String(describing: error)
        }
    }
}

/// No class: a call that counts toward no limit (an OAuth token request, which the platform
/// does not meter with its API's calls). Has no value, so no limiter is ever made for it.
public enum NoRateLimit: RateLimitClass {
    public init?(rawValue: String) { nil }
    public var rawValue: String { switch self {} }
    public static var allCases: [NoRateLimit] { [] }
    public var documented: (limit: Int, period: Duration) { switch self {} }
}
