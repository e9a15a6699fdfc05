#if canImport(Glibc)
import ShowEngine
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Host` values the control API answers to. A page from another site can point a name it
/// controls at 127.0.0.1 (DNS rebinding) and then read `/state` as same-origin; its requests
/// still carry that name in `Host`, so answering only to our own names closes the hole.
///
/// Served: `localhost`, `127.0.0.1` and `[::1]`; the bind address when it is another one; the
/// names given with `--allow-host`; and, bound to every interface (0.0.0.0 or ::), any IP
/// address (an address cannot be rebound). Always with the bound port (none means 80).
struct ServedHosts: Sendable {
    private let names: Set<String>
    private let anyAddress: Bool
    let port: Int

    init(bind: String, port: Int, extra: [String]) {
        var names: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        let bind = bind.lowercased()
        anyAddress = ["0.0.0.0", "::", "[::]", ""].contains(bind)
        if !anyAddress { names.insert(Self.bracketed(bind)) }
        for name in extra where !name.isEmpty { names.insert(Self.bracketed(name.lowercased())) }
        self.names = names
        self.port = port
    }

    /// Whether `authority` ("name:port", as in `Host`) is this server.
    func serves(_ authority: String) -> Bool {
        guard let (name, port) = Self.split(authority), port == self.port else { return false }
        return names.contains(name) || (anyAddress && Self.isAddress(name))
    }

    /// "name:port" (or "name" for port 80) lowercased and split; nil for anything else.
    static func split(_ authority: String) -> (name: String, port: Int)? {
        let text = authority.lowercased()
        var name = Substring(text), port = 80
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            name = text[..<colon]
            guard let p = Int(text[text.index(after: colon)...]), (1 ... 65535).contains(p) else { return nil }
            port = p
        }
        // Byte by byte: every refused character is ASCII, and no byte of a multi-byte UTF-8
        // character is (this runs on every request).
        guard !name.isEmpty, !name.utf8.contains(where: { "@/?#\\ %".utf8.contains($0) }) else { return nil }
        return (String(name), port)
    }

    /// An IPv6 address is written in brackets in `Host` and `Origin`.
    private static func bracketed(_ name: String) -> String {
        name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
    }

    private static func isAddress(_ name: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        if name.hasPrefix("["), name.hasSuffix("]") {
            return inet_pton(AF_INET6, String(name.dropFirst().dropLast()), &buffer) == 1
        }
        return inet_pton(AF_INET, name, &buffer) == 1
    }
}
