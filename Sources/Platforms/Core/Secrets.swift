import Foundation
import Synchronization

/// Every secret value this process holds: credentials from profiles, tokens the platforms
/// issued. Text leaving the platform layer (errors, log lines) goes through `redact`, so a
/// secret that a platform echoes back in an error body, or that a URL carries, never prints.
public enum Secrets {
    private static let matcher = Mutex(Matcher(secrets: []))

    /// Shorter values would blank out ordinary words; no real credential is that short.
    static let minimumLength = 6

    public static func register(_ value: String) {
        guard value.count >= minimumLength else { return }
        matcher.withLock { m in
            guard !m.secrets.contains(value) else { return }
            m = Matcher(secrets: m.secrets.union([value]))
        }
    }

    /// `text` with every registered secret replaced by `[redacted]`.
    public static func redact(_ text: String) -> String {
        let m = matcher.withLock { $0 }
        return m.secrets.isEmpty ? text : m.redact(text)
    }

    /// The secrets by their first byte, longest first, built once each time the set changes:
    /// `redact` then reads a text once, whatever the number of secrets (every journal line and
    /// every error goes through it, so it must not sort or rescan per secret).
    struct Matcher: Sendable {
        let secrets: Set<String>
        private let byFirstByte: [[[UInt8]]]

        init(secrets: Set<String>) {
            self.secrets = secrets
            var table = [[[UInt8]]](repeating: [], count: 256)
            for secret in secrets {
                let bytes = Array(secret.utf8)
                table[Int(bytes[0])].append(bytes)
            }
            // Longest first, so a secret containing another is replaced whole.
            byFirstByte = table.map { $0.sorted { $0.count > $1.count } }
        }

        func redact(_ text: String) -> String {
            let bytes = Array(text.utf8)
            var out: [UInt8] = []
            var i = 0, copied = 0
            while i < bytes.count {
                let candidates = byFirstByte[Int(bytes[i])]
                if !candidates.isEmpty, let hit = candidates.first(where: { bytes[i...].starts(with: $0) }) {
                    out.append(contentsOf: bytes[copied ..< i])
                    out.append(contentsOf: "[redacted]".utf8)
                    i += hit.count
                    copied = i
                } else {
                    i += 1
                }
            }
            guard copied > 0 else { return text }
            out.append(contentsOf: bytes[copied...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Field names whose values are secrets wherever they appear in a platform's answer or a
    /// call's arguments (a webhook's `Authorization`, `Cookie` or `X-Api-Key` header).
    public static func isSecretField(_ name: String) -> Bool {
        let k = name.lowercased()
        return k == "stream_key" || ["token", "password", "secret", "authorization", "cookie", "credential", "apikey", "api_key", "api-key"]
            .contains { k.contains($0) }
    }
}
