import Foundation

/// The record of platform requests the admin API serves, secrets redacted. It keeps the most
/// recent `capacity` entries so a long fuzz or load run cannot exhaust memory; `total` counts all.
struct RequestLog {
    static let capacity = 10_000
    static let secretHeaders: Set<String> = ["authorization", "x-password", "x-conference-authorization", "cookie"]
    static let secretFields: Set<String> = [
        "secret", "password", "token", "apikey", "access_token", "refresh_token", "client_secret", "stream_key",
    ]

    private(set) var entries: [JSON] = []
    private var start = 0
    private(set) var total = 0

    mutating func append(_ req: SimRequest, platform: Platform, status: Int, time: Date) {
        var query: [String: JSON] = [:]
        for (k, v) in req.query { query[k] = Self.isSecret(k) ? "[redacted]" : .string(v) }
        let entry: JSON = [
            "seq": .int(Int64(total)), "time": .string(time.iso8601), "platform": .string(platform.rawValue),
            "method": .string(req.method), "path": .string("/\(platform.rawValue)\(req.path)"), "query": .object(query),
            "headers": .array(req.headers.map { h in
                ["name": .string(h.name), "value": .string(Self.secretHeaders.contains(h.name.lowercased()) ? "[redacted]" : h.value)]
            }),
            "body": .string(Self.redactedBody(req)), "status": .int(Int64(status)),
        ]
        total += 1
        if entries.count < Self.capacity { entries.append(entry) } else {
            entries[start] = entry
            start = (start + 1) % Self.capacity
        }
    }

    /// Entries in order, from sequence number `since` on.
    func list(since: Int) -> [JSON] {
        let ordered = Array(entries[start...] + entries[..<start])
        return ordered.filter { ($0["seq"]?.intValue ?? 0) >= Int64(since) }
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
        // Multipart and other text may carry anything; keep only its size.
        return req.mediaType.hasPrefix("multipart/") ? "<multipart, \(req.body.count) bytes>" : text
    }

    private static func redact(_ json: JSON) -> JSON {
        switch json {
        case .object(let o): .object(Dictionary(uniqueKeysWithValues: o.map { k, v in (k, isSecret(k) ? "[redacted]" : redact(v)) }))
        case .array(let a): .array(a.map(redact))
        default: json
        }
    }
}
