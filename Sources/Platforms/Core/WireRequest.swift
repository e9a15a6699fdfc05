import Foundation
import LuaHost
import ShowEngine

/// One HTTP request as a platform document describes it: method, path below the base URL,
/// query, headers and body. Kept apart from the transport so the wire format of every call
/// reads in one place, the platform's client.
public struct WireRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)] = []
    public var headers: [(String, String)] = []
    public var body: [UInt8]?

    public init(_ method: String, _ path: String, query: [(String, String)] = [], headers: [(String, String)] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// A JSON body (keys in byte order, so that identical requests are identical on the wire),
    /// with its content type.
    public func json(_ value: LuaValue) -> WireRequest {
        var r = self
        r.body = Array(LuaJSON.encode(value).utf8)
        r.headers.append(("Content-Type", "application/json"))
        return r
    }

    /// An `application/x-www-form-urlencoded` body, fields in the order given.
    public func form(_ fields: [(String, String)]) -> WireRequest {
        var r = self
        r.body = Array(fields.map { "\(Self.formEncode($0))=\(Self.formEncode($1))" }.joined(separator: "&").utf8)
        r.headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        return r
    }

    public func header(_ name: String, _ value: String) -> WireRequest {
        var r = self
        r.headers.append((name, value))
        return r
    }

    /// The full URL under `base` (which carries no trailing slash).
    public func url(base: String) -> String {
        var url = base + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.queryEncode($0))=\(Self.queryEncode($1))" }.joined(separator: "&")
        }
        return url
    }

    /// Unreserved characters stay, everything else is percent-encoded (RFC 3986).
    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func queryEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }

    /// HTML form encoding: as the query, but a space is `+`.
    static func formEncode(_ s: String) -> String {
        queryEncode(s).replacingOccurrences(of: "%20", with: "+")
    }

    /// A path segment from a script-supplied id: percent-encoded, so an id cannot reach another path.
    public static func segment(_ id: String) -> String { queryEncode(id) }
}

/// What came back.
public struct WireResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    /// The body as JSON, or nil when it is not JSON.
    public var json: LuaValue? { try? LuaJSON.decode(body) }

    public var text: String { String(decoding: body.prefix(2000), as: UTF8.self) }

    /// `Retry-After` in seconds (the delta-seconds form; an HTTP date counts from now).
    public var retryAfter: Double? {
        guard let raw = header("Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(raw), seconds >= 0, seconds.isFinite { return seconds }
        return Self.httpDate(raw).map { max(0, $0.timeIntervalSinceNow) }
    }

    /// The server's clock from the `Date` header, to measure token lifetimes on the server's clock.
    public var serverDate: Date? { header("Date").flatMap(Self.httpDate) }

    /// An HTTP date (RFC 9110's IMF-fixdate).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
