import Foundation
import LuaHost
import Platforms
import ShowEngine
import Synchronization

/// The answers a fuzz input scripts, served in order to whatever the client sends; past the
/// last one the connection "drops" (an error, as a lost connection is). Each answer is text:
///
///     STATUS
///     Header: value
///     ...
///     (empty line)
///     body bytes (anything)
///
/// and answers are separated by a line `--`.
final class Answers: Sendable {
    private let queue: Mutex<[WireResponse]>

    init(_ bytes: ArraySlice<UInt8>) {
        queue = Mutex(Self.split(Array(bytes), on: Array("\n--\n".utf8)).map(Self.response))
    }

    struct Dropped: Error {}

    func next(_ request: WireRequest) throws -> WireResponse {
        guard let r = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { throw Dropped() }
        return Self.withFixedSecrets(r)
    }

    static func response(_ bytes: [UInt8]) -> WireResponse {
        let lines = split(bytes, on: [10], limit: 1)
        let status = Int(String(decoding: lines[0].prefix(4), as: UTF8.self).trimmingCharacters(in: .whitespaces)) ?? 200
        guard lines.count > 1 else { return WireResponse(status: status, headers: [], body: []) }
        let parts = split(lines[1], on: [10, 10], limit: 1)
        let headers = parts.count > 1 ? split(parts[0], on: [10]).compactMap { line -> (String, String)? in
            let kv = split(line, on: Array(": ".utf8), limit: 1)
            return kv.count == 2 ? (String(decoding: kv[0], as: UTF8.self), String(decoding: kv[1], as: UTF8.self)) : nil
        } : []
        return WireResponse(status: status, headers: headers, body: parts.last ?? [])
    }

    static func split(_ bytes: [UInt8], on separator: [UInt8], limit: Int = .max) -> [[UInt8]] {
        var out: [[UInt8]] = [], start = 0, i = 0
        while i + separator.count <= bytes.count, out.count < limit {
            if bytes[i ..< i + separator.count].elementsEqual(separator) {
                out.append(Array(bytes[start ..< i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(Array(bytes[start...]))
        return out
    }

    /// Every token and stream key a client accepts is registered as a secret for the life of the
    /// process, as it should be; millions of distinct fuzzed ones would only measure that set
    /// growing. So those fields are made one fixed value before the client reads them.
    static let secretFields = ["token", "access_token", "stream_key"]

    static func withFixedSecrets(_ r: WireResponse) -> WireResponse {
        guard r.body.count < 1 << 16, contains(r.body, "token") || contains(r.body, "stream_key"),
              let json = try? LuaJSON.decode(r.body) else { return r }
        var changed = false
        func fix(_ v: LuaValue) -> LuaValue {
            guard case .table(var t) = v else { return v }
            t.array = t.array.map(fix)
            for (key, value) in t.hash {
                if case .string(let name) = key, secretFields.contains(name.description), case .string = value {
                    changed = true
                    t.hash[key] = "fuzz-issued-token"
                } else {
                    t.hash[key] = fix(value)
                }
            }
            return .table(t)
        }
        let fixed = fix(json)
        return changed ? WireResponse(status: r.status, headers: r.headers, body: Array(LuaJSON.encode(fixed).utf8)) : r
    }

    private static func contains(_ bytes: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        return bytes.count >= w.count && (0 ... bytes.count - w.count).contains { bytes[$0 ..< $0 + w.count].elementsEqual(w) }
    }
}
