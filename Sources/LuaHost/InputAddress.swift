import Foundation

/// The one check for an HTTP address that comes from outside: a profile's `base_url` and
/// `oauth_url`, `http.post`'s URL, the REPL's `--attach`. It must be http:// or https:// with a
/// host and, if it names one, a port from 1 to 65535. Checked where it enters, because what is
/// past it traps or misroutes: NIO's `SocketAddress` traps on port 70000 (a Swift integer
/// conversion, the whole process and its show gone), and a host name's port is taken modulo
/// 65536 (`localhost:70000` reached port 4464). The address is shown only as `shown`: scheme,
/// host and port; user-info (`user:password@`), path and query may hold credentials.
public struct WebAddress: Sendable, Equatable {
    public let text: String
    public let scheme: String
    public let host: String
    public let port: Int?
    /// `user:password@` as given, if the address has one.
    public let userInfo: String?
    /// What follows the host and port (path, query, fragment), if more than a bare "/".
    public let tail: String?

    public static let rule = "must be an http:// or https:// URL with a host and, if it names a port, a port from 1 to 65535"

    /// The address, or nil (and `rule` says why).
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              let start = text.range(of: "://")?.upperBound else { return nil }
        let rest = text[start...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<end]
        let at = authority.lastIndex(of: "@")
        // The port as written: URLComponents reads "host:" and a port too long for an Int as no
        // port at all (the default port, silently), and any Int as a port.
        let hostPort = at.map { authority[authority.index(after: $0)...] } ?? authority
        let afterHost = hostPort.hasPrefix("[") ? hostPort.firstIndex(of: "]").map { hostPort[hostPort.index(after: $0)...] } ?? "" : hostPort
        if let colon = afterHost.firstIndex(of: ":") {
            let digits = afterHost[afterHost.index(after: colon)...]
            guard (1 ... 5).contains(digits.count), digits.allSatisfy(\.isASCII), let port = Int(digits), (1 ... 65_535).contains(port),
                  components.port == port else { return nil }
        }
        self.text = text
        self.scheme = scheme
        self.host = host
        port = components.port
        userInfo = at.map { String(authority[...$0]) }
        tail = rest[end...].count > 1 ? String(rest[end...]) : nil
    }

    /// Scheme, host and port: what errors, logs and screens may show.
    public var shown: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")" }

    /// The user-info as a secret to redact, with the slashes before it, so that a short one
    /// ("//u:p@") is still long enough to be taken as one.
    public var userInfoSecret: String? { userInfo.map { "//" + $0 } }
}
