import Foundation
import Synchronization

/// Every secret value this process holds: credentials from profiles, tokens the platforms
/// issued. Text leaving the platform layer (errors, log lines) goes through `redact`, so a
/// secret that a platform echoes back in an error body, or that a URL carries, never prints.
public enum Secrets {
    private static let values = Mutex<Set<String>>([])

    /// Shorter values would blank out ordinary words; no real credential is that short.
    static let minimumLength = 6

    public static func register(_ value: String) {
        guard value.count >= minimumLength else { return }
        values.withLock { _ = $0.insert(value) }
    }

    /// `text` with every registered secret replaced by `[redacted]`.
    public static func redact(_ text: String) -> String {
        let known = values.withLock { $0 }
        guard !known.isEmpty else { return text }
        var out = text
        // Longest first, so a secret containing another is replaced whole.
        for secret in known.sorted(by: { $0.count > $1.count }) where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return out
    }

    /// Field names whose values are secrets wherever they appear in a platform's answer.
    public static func isSecretField(_ name: String) -> Bool {
        let k = name.lowercased()
        return k == "stream_key" || k.contains("token") || k.contains("password") || k.contains("secret")
    }
}
