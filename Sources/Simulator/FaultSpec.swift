import Foundation

/// Faults to inject, parsed from a small text syntax (`--faults`, `PUT /_sim/faults`):
///
///     SPEC   := RULE (';' RULE)*
///     RULE   := SCOPE ':' EFFECT (',' EFFECT)*
///     SCOPE  := '*' | PLATFORM | PLATFORM '/' PATTERN   PATTERN matches the path below the prefix;
///                                                        '*' in it matches any run of characters
///     EFFECT := latency=DUR['~'DUR]    added delay, optionally jittered by up to ± the second DUR
///             | error=RATE[':'STATUS]  answer STATUS (500, 502 or 503; default 503) with probability RATE
///             | 429=RATE | 423=RATE    answer 429 / 423 with Retry-After
///             | retry-after=SECONDS    the Retry-After of those answers (default 1)
///             | reset=RATE             close the connection without answering
///             | drip=DUR               send the body one byte per DUR
///             | revoke-tokens          invalidate every token of the platform once, when installed
///             | null-in-lists          answer with a null in the middle of every list of the JSON
///                                      body ([a, b] becomes [a, null, b]), as a platform that
///                                      writes out a sparse array does
///     DUR    := N('ms'|'s')            RATE := a number in 0...1
///
/// Example: `zoom:latency=200ms~50ms,error=0.2:503;webex/*/controls:429=0.1,retry-after=2;huawei:reset=0.05`
public struct FaultSpec: Sendable, Equatable, CustomStringConvertible {
    public struct Rule: Sendable, Equatable {
        public var platform: Platform?
        public var pattern: String?
        public var latency: Duration = .zero
        public var jitter: Duration = .zero
        public var errorRate = 0.0
        public var errorStatus = 503
        public var throttleRate = 0.0
        public var lockRate = 0.0
        public var retryAfter = 1
        public var resetRate = 0.0
        public var drip: Duration?
        public var revokeTokens = false
        public var nullInLists = false
        var text = ""

        func matches(_ platform: Platform, _ path: String) -> Bool {
            if let p = self.platform, p != platform { return false }
            guard let pattern else { return true }
            return Self.glob(Array(pattern.utf8)[...], Array(path.utf8)[...])
        }

        private static func glob(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
            guard let first = p.first else { return s.isEmpty }
            if first == UInt8(ascii: "*") {
                var rest = s
                while true {
                    if glob(p.dropFirst(), rest) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            }
            return s.first == first && glob(p.dropFirst(), s.dropFirst())
        }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) { self.rules = rules }

    public init(parsing text: String) throws {
        rules = try text.split(separator: ";").map { try Self.rule(String($0).trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty }
    }

    public var description: String { rules.map(\.text).joined(separator: ";") }

    private static func rule(_ text: String) throws -> Rule {
        var rule = Rule()
        guard !text.isEmpty else { return rule }
        guard let colon = text.firstIndex(of: ":") else { throw ParseError(description: "\(text): expected SCOPE:EFFECTS") }
        rule.text = text
        let scope = text[..<colon]
        let name = scope.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        if name != "*" {
            guard let p = Platform(rawValue: name) else { throw ParseError(description: "unknown platform \(name)") }
            rule.platform = p
        }
        if let slash = scope.firstIndex(of: "/") { rule.pattern = String(scope[slash...]) }
        for effect in text[text.index(after: colon)...].split(separator: ",") {
            let kv = effect.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let value = kv.count > 1 ? kv[1] : ""
            switch kv[0] {
            case "latency":
                let parts = value.split(separator: "~")
                rule.latency = try duration(String(parts[0]))
                if parts.count > 1 { rule.jitter = try duration(String(parts[1])) }
            case "error":
                let parts = value.split(separator: ":")
                rule.errorRate = try rate(String(parts.first ?? ""))
                if parts.count > 1 {
                    guard let s = Int(parts[1]), [500, 502, 503].contains(s) else { throw ParseError(description: "error status must be 500, 502 or 503") }
                    rule.errorStatus = s
                }
            case "429": rule.throttleRate = try rate(value)
            case "423": rule.lockRate = try rate(value)
            case "retry-after":
                guard let s = Int(value), s >= 0 else { throw ParseError(description: "retry-after must be whole seconds") }
                rule.retryAfter = s
            case "reset": rule.resetRate = try rate(value)
            case "drip": rule.drip = try duration(value)
            case "revoke-tokens": rule.revokeTokens = true
            case "null-in-lists": rule.nullInLists = true
            default: throw ParseError(description: "unknown effect \(kv[0])")
            }
        }
        return rule
    }

    private static func rate(_ s: String) throws -> Double {
        guard let r = Double(s), (0...1).contains(r) else { throw ParseError(description: "\(s): a rate is a number in 0...1") }
        return r
    }

    private static func duration(_ s: String) throws -> Duration {
        if s.hasSuffix("ms"), let n = Int(s.dropLast(2)), n >= 0, n <= 3_600_000 { return .milliseconds(n) }
        if s.hasSuffix("s"), let n = Double(s.dropLast()), n >= 0, n <= 3600 { return .milliseconds(Int(n * 1000)) }
        throw ParseError(description: "\(s): a duration is N ms or N s (at most an hour)")
    }
}

/// What the faults decide for one request.
struct FaultDecision: Sendable {
    var delay: Duration = .zero
    var reset = false
    var answer: Int?
    var retryAfter = 1
    var drip: Duration?
    var nullInLists = false

    init(_ rules: [FaultSpec.Rule]) {
        for r in rules {
            var d = r.latency
            if r.jitter > .zero {
                let ms = Int(r.jitter / .milliseconds(1))
                d += .milliseconds(Int.random(in: -ms...ms))
            }
            delay += max(.zero, d)
            if r.resetRate > 0, Double.random(in: 0..<1) < r.resetRate { reset = true }
            if answer == nil, r.errorRate > 0, Double.random(in: 0..<1) < r.errorRate { answer = r.errorStatus }
            if answer == nil, r.throttleRate > 0, Double.random(in: 0..<1) < r.throttleRate { answer = 429; retryAfter = r.retryAfter }
            if answer == nil, r.lockRate > 0, Double.random(in: 0..<1) < r.lockRate { answer = 423; retryAfter = r.retryAfter }
            if let drip = r.drip { self.drip = drip }
            if r.nullInLists { nullInLists = true }
        }
    }
}
