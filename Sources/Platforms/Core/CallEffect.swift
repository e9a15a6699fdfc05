/// What a call does to the platform, which decides whether it may be sent again after a
/// failure whose outcome is unknown (a 5xx answer, a dropped connection, a timeout).
public enum CallEffect<T: Sendable>: Sendable {
    /// Reads: repeat freely.
    case read
    /// Sets absolute values (Webex's controls, Convey's update): a repeat changes nothing more.
    case idempotent
    /// Changes state. After an unknown outcome, `reconcile` reads the platform's state first:
    /// it returns the call's result if the change is already in place, nil if it is not, and
    /// only then is the call sent again. Never a second start, never a stop sent twice.
    case change(reconcile: @Sendable () async throws -> T?)
    /// Creates something the platform cannot be asked about afterwards: never sent twice
    /// blindly; an unknown outcome is an error telling the operator to check.
    case create
}

extension CallEffect {
    var isRead: Bool {
        if case .read = self { true } else { false }
    }
}

/// What a platform's answer means, as its client reads it.
public enum Verdict<T: Sendable>: Sendable {
    case done(T)
    /// Refused for good.
    case failed(PlatformError)
    /// The platform says the change is already in place (a start of a running stream): the
    /// result, if an earlier attempt of this call may have made it; else the error.
    case already(T, PlatformError)
    /// The token was refused: renew it and send again.
    case tokenRejected
    /// Not processed (429, 423, Convey's call limit): send again after `retryAfter` seconds,
    /// or after a backoff when the platform does not say.
    case throttled(PlatformError, retryAfter: Double?)
    /// Maybe processed, maybe not (502, 503, 504).
    case unavailable(PlatformError)
}

extension Verdict {
    /// The reading every platform shares for HTTP statuses; `isTokenRejected` and `error`
    /// are the platform's own.
    public static func classify(_ r: WireResponse, isTokenRejected: Bool, error: () -> PlatformError,
                                success: () -> Verdict<T>) -> Verdict<T> {
        if (200 ..< 300).contains(r.status) { return success() }
        if isTokenRejected { return .tokenRejected }
        switch r.status {
        case 429, 423: return .throttled(error().retryable(), retryAfter: r.retryAfter)
        case 502, 503, 504: return .unavailable(error().retryable())
        default: return .failed(error())
        }
    }
}

extension PlatformError {
    func retryable(_ value: Bool = true) -> PlatformError {
        var e = self
        e.retryable = value
        return e
    }
}
