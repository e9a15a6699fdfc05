import Foundation

/// The record of platform requests the admin API serves, secrets redacted. It keeps the most
/// recent `capacity` entries so a long fuzz or load run cannot exhaust memory; `total` counts all.
struct RequestLog {
    static let capacity = 10_000
    static let secretHeaders: Set<String> = ["authorization", "x-password", "x-conference-authorization", "cookie"]
    static let secretFields: Set<String> = [
        "secret", "password", "token", "apikey", "access_token", "refresh_token", "client_secret", "stream_key",
    ]

    /// Entries keep the request as received (body cut at `bodyLimit`) and are redacted and
    /// serialized only when read, so recording stays cheap under load.
    struct Entry {
        var seq: Int
        var time: Date
        var platform: Platform
        var request: SimRequest
        var status: Int
    }

    static let bodyLimit = 64 * 1024
    private var entries: [Entry] = []
    private var start = 0
    private(set) var total = 0

    mutating func append(_ req: SimRequest, platform: Platform, status: Int, time: Date) {
        var request = req
        if request.body.count > Self.bodyLimit { request.body = Array(request.body.prefix(Self.bodyLimit)) }
        let entry = Entry(seq: total, time: time, platform: platform, request: request, status: status)
        total += 1
        if entries.count < Self.capacity { entries.append(entry) } else {
            entries[start] = entry
            start = (start + 1) % Self.capacity
        }
    }

    /// Entries in order, from sequence number `since` on.
    func list(since: Int) -> [JSON] {
        (entries[start...] + entries[..<start]).filter { $0.seq >= since }.map(Self.render)
    }

    private static func render(_ e: Entry) -> JSON {
        let req = e.request
        var query: [String: JSON] = [:]
        for (k, v) in req.query { query[k] = isSecret(k) ? "[redacted]" : .string(v) }
        return [
            "seq": .int(Int64(e.seq)), "time": .string(e.time.iso8601), "platform": .string(e.platform.rawValue),
            "method": .string(req.method), "path": .string("/\(e.platform.rawValue)\(req.path)"), "query": .object(query),
            "headers": .array(req.headers.map { h in
                ["name": .string(h.name), "value": .string(secretHeaders.contains(h.name.lowercased()) ? "[redacted]" : h.value)]
            }),
            "body": .string(redactedBody(req)), "status": .int(Int64(e.status)),
        ]
    }

    mutating func clear() { self = RequestLog() }

    static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return secretFields.contains(k) || k.contains("password") || k.contains("secret") || k.hasSuffix("token")
    }

    static func redactedBody(_ req: SimRequest) -> String {
        if req.body.isEmpty { return "" }
        if let json = JSON.parse(req.body) { return redact(json).serialized }
        guard let text = String(validating: req.body, as: UTF8.self) else { return "<\(req.body.count) bytes>" }
        if req.mediaType == "application/x-www-form-urlencoded" {
            return text.split(separator: "&").map { pair -> String in
                let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                return isSecret(name.removingPercentEncoding ?? name) ? "\(name)=[redacted]" : String(pair)
            }.joined(separator: "&")
        }
        // Multipart may carry anything; keep only its size. Other text (malformed or cut JSON) is
        // kept for debugging with anything shaped like a secret field blanked.
        if req.mediaType.hasPrefix("multipart/") { return "<multipart, \(req.body.count) bytes>" }
        let range = NSRange(text.startIndex..., in: text)
        return secretPattern.stringByReplacingMatches(in: text, range: range, withTemplate: "$1[redacted]")
    }

    /// `"secret": "..."`, `secret=...` and the like, for bodies that do not parse.
    nonisolated(unsafe) private static let secretPattern = try! NSRegularExpression(
        pattern: #"((?:secret|password|token|apikey|api_key|stream_key)[A-Za-z_]*"?\s*[:=]\s*"?)[^"&,}\s]*"#,
        options: [.caseInsensitive])

    private static func redact(_ json: JSON) -> JSON {
        switch json {
        case .object(let o): .object(Dictionary(uniqueKeysWithValues: o.map { k, v in (k, isSecret(k) ? "[redacted]" : redact(v)) }))
        case .array(let a): .array(a.map(redact))
        default: json
        }
    }
}
