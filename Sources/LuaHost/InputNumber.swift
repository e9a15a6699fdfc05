/// The one checked conversion for a number that crosses into Swift from outside: a Lua
/// argument, a profile key, a command-line option or a journal field. Swift traps on a NaN or
/// out-of-range conversion (`Int(Double.nan)`, `UInt64(1e300)`, `Duration.seconds(.infinity)`)
/// and on overflowing arithmetic, so every such number is checked here, where it enters, and
/// only a value inside its rule's range goes on. A refusal names the field and the range:
/// `bad argument #1 to 'sleep' (must be a number of seconds from 0 to 31622400, got inf)`.
public struct NumberRule: Sendable, Equatable {
    public let range: ClosedRange<Double>
    /// Whether a fraction is refused (counts, sequence numbers, ports).
    public let integral: Bool
    /// "seconds", "requests per second": how the rule reads in an error.
    public let unit: String

    public init(_ range: ClosedRange<Double>, integral: Bool = false, unit: String) {
        precondition(range.lowerBound >= -0x1p53 && range.upperBound <= 0x1p53, "a rule's bounds are exact integers in a Double")
        self.range = range
        self.integral = integral
        self.unit = unit
    }

    /// A wait or a timeout: up to 366 days, the longest anything in one show waits. Far enough
    /// for any show; short enough that nanoseconds from now never overflow.
    public static let seconds = NumberRule(0 ... 31_622_400, unit: "seconds")
    /// A moment, as seconds since 1970: from 1970 to the end of year 9999.
    public static let epochSeconds = NumberRule(0 ... 253_402_300_799, unit: "seconds since 1970")
    /// A journal's sequence number: up to 2^53, exact in a Double, so the next one exists.
    public static let sequence = NumberRule(0 ... 9_007_199_254_740_992, integral: true, unit: "sequence number")

    /// A port to listen on: 0 asks the system for a free one.
    public static let port = NumberRule.count(0, 65535, unit: "port")

    /// A count from `low` to `high` (both inside ±2^53, where every integer is exact in a Double).
    public static func count(_ low: Int64, _ high: Int64, unit: String) -> NumberRule {
        NumberRule(Double(low) ... Double(high), integral: true, unit: unit)
    }

    public var text: String { "must be " + expected }

    /// What a value must be: "an integer of sequence number from 0 to 9007199254740992".
    public var expected: String {
        "\(integral ? "an integer" : "a number") of \(unit) from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound))"
    }

    static func show(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 && d.sign == .minus { return "-0.0 (negative zero)" }
        if d == d.rounded(), abs(d) <= 0x1p53 { return String(Int64(d)) }
        return String(d)
    }
}

/// A number outside its rule. `field` names where it came from: "bad argument #1 to 'sleep'",
/// "showcall.toml: profile 'live': zoom.requests_per_second", "--start", "journal line 4: seq".
public struct NumberInputError: Error, CustomStringConvertible, Sendable {
    public let field: String
    public let rule: NumberRule
    public let given: String

    /// The rule and the value, without the field: "must be a number of seconds from 0 to 31622400, got inf".
    public var reason: String { "\(rule.text), got \(given)" }
    public var description: String { "\(field): \(reason)" }

    public init(field: String, rule: NumberRule, given: String) {
        self.field = field
        self.rule = rule
        self.given = given
    }
}

extension NumberRule {
    /// `value` if it keeps the rule: finite, inside the range, integral when asked, and not a
    /// negative zero where the range starts at zero (a duration of -0.0 is a sign error upstream).
    public func check(_ value: Double, _ field: String) throws -> Double {
        let fails = !value.isFinite || !range.contains(value) || (integral && value != value.rounded())
            || (value == 0 && value.sign == .minus && range.lowerBound == 0)
        if fails { throw NumberInputError(field: field, rule: self, given: Self.show(value)) }
        return value
    }

    /// An integer kept whole: compared as an integer, so Int64's extremes never round.
    public func check(_ value: Int64, _ field: String) throws -> Int64 {
        // Every bound is inside ±2^53 (see init), so these conversions cannot trap.
        guard value >= Int64(range.lowerBound.rounded(.up)), value <= Int64(range.upperBound.rounded(.down)) else {
            throw NumberInputError(field: field, rule: self, given: String(value))
        }
        return value
    }

    /// A number written as text (a command-line option, `--start`'s epoch form), then the rule.
    /// Plain decimal only (`[+-]digits[.digits][e[+-]digits]`): what else Double reads (`0x1p4`,
    /// `nan`, `inf`, ` 5`) is not a number an operator writes; and a nonzero number Double rounds
    /// to zero (`1e-400`) is refused with its text, not read as 0, which for a limit means none.
    public func read(_ text: some StringProtocol, _ field: String) throws -> Double {
        let given = String(text)
        guard Self.isDecimal(given), let value = Double(given) else {
            throw NumberInputError(field: field, rule: self, given: "'\(given)' (not a decimal number)")
        }
        // An integer as written is compared as one: through a Double, 2^53 + 1 would round to a
        // bound and pass.
        if integral, given.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") }) {
            guard let whole = Int64(given) else { throw NumberInputError(field: field, rule: self, given: given) }
            if whole == 0, given.hasPrefix("-") { return try check(-0.0, field) }
            return Double(try check(whole, field))
        }
        let mantissa = given.prefix { $0 != "e" && $0 != "E" }
        if value == 0, mantissa.contains(where: { $0 >= "1" && $0 <= "9" }) {
            throw NumberInputError(field: field, rule: self, given: "\(given) (too small to tell from 0)")
        }
        return try check(value, field)
    }

    /// Whether `text` is a plain decimal number: `[+-]digits[.digits][e[+-]digits]`, a digit
    /// on at least one side of the point.
    public static func isDecimal(_ text: String) -> Bool {
        var rest = Substring(text)
        func digits() -> Int {
            let run = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(run.count)
            return run.count
        }
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        var count = digits()
        if rest.first == "." {
            rest = rest.dropFirst()
            count += digits()
        }
        guard count > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }

    /// An integral value as Int64 (checked first, so the conversion cannot trap).
    public func integer(_ value: Double, _ field: String) throws -> Int64 {
        Int64(try check(value, field).rounded(.towardZero))
    }

    /// Seconds as nanoseconds (checked first, so the conversion cannot trap).
    public func nanoseconds(_ seconds: Double, _ field: String) throws -> UInt64 {
        let s = try check(seconds, field)
        precondition(range.lowerBound >= 0 && range.upperBound <= 9e9, "a rule of nanoseconds stays inside Int64")
        return UInt64((s * 1e9).rounded())
    }

    /// Seconds as a Duration (checked first, so the conversion cannot trap).
    public func duration(_ seconds: Double, _ field: String) throws -> Duration {
        .nanoseconds(Int64(try nanoseconds(seconds, field)))
    }
}
