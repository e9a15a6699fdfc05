import Foundation

/// A request as the platform handlers see it: the path below the platform prefix, the body
/// already collected. Handlers are synchronous and run under the state lock.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The media type without parameters, lowercased; "" when absent.
    var mediaType: String {
        (header("content-type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }

    var pathComponents: [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    var json: JSON? { JSON.parse(body) }

    /// Fields of an `application/x-www-form-urlencoded` body; nil when it is not valid UTF-8.
    var form: [String: String]? {
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        return Self.decodeForm(text)
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(parts[0])
            let value = parts.count > 1 ? decodeComponent(parts[1]) : ""
            if let name, let value, fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decodeComponent(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Text fields of a `multipart/form-data` body (Zoom's documented example uses it).
    var multipartFields: [String: String]? {
        guard let ct = header("content-type"),
              let range = ct.range(of: "boundary=") else { return nil }
        let boundary = ct[range.upperBound...].split(separator: ";").first.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        } ?? ""
        guard !boundary.isEmpty, let text = String(validating: body, as: UTF8.self) else { return nil }
        var fields: [String: String] = [:]
        for part in text.components(separatedBy: "--" + boundary) {
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound]
            guard let nameRange = head.range(of: "name=\"") else { continue }
            let name = head[nameRange.upperBound...].prefix { $0 != "\"" }
            var value = String(part[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }
            fields[String(name)] = value
        }
        return fields
    }
}

/// An answer before faults are applied to it.
struct SimResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    static func json(_ status: Int, _ value: JSON, contentType: String = "application/json",
                     headers: [(name: String, value: String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", contentType)] + headers,
                    body: Array(value.serialized.utf8))
    }

    static func empty(_ status: Int, headers: [(name: String, value: String)] = []) -> SimResponse {
        SimResponse(status: status, headers: headers)
    }

    static func text(_ status: Int, _ text: String) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// The answer with a null in the middle of every list of its JSON body (the fault
    /// `null-in-lists`); a body that is not JSON, or an empty list, stays as it is.
    func withNullInLists() -> SimResponse {
        func nulled(_ j: JSON) -> JSON {
            switch j {
            case .array(let a) where !a.isEmpty:
                var out = a.map(nulled)
                out.insert(.null, at: (a.count + 1) / 2)
                return .array(out)
            case .object(let o): return .object(o.mapValues(nulled))
            default: return j
            }
        }
        guard let json = JSON.parse(body) else { return self }
        var copy = self
        copy.body = Array(nulled(json).serialized.utf8)
        return copy
    }

    func adding(_ name: String, _ value: String) -> SimResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}

/// Random opaque identifiers for tokens and ids.
enum Token {
    static func make(_ prefix: String = "", length: Int = 40) -> String {
        let alphabet = Array("abcdef0123456789")
        return prefix + String((0..<length).map { _ in alphabet.randomElement()! })
    }
}

/// A state machine refuses a transition by failing with the answer to send.
extension SimResponse: Error {}
