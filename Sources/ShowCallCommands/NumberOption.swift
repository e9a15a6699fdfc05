import ArgumentParser
import LuaHost

/// How a number option reads its text: `@Option(parsing: .unconditional, transform: ...)`.
/// Every number option goes through here, so each is read as the same plain decimal
/// (`NumberRule.read`) and meets its rule as it is parsed. `.unconditional` takes the word after
/// the option whatever it looks like: ArgumentParser would read `--cpu-limit -1` as a second
/// option and say "missing value"; this way `-1` meets the rule and is refused for what it is.
/// A refusal reads "The value '-1' is invalid for '--cpu-limit <seconds>': must be ...".
enum NumberOption {
    /// A number keeping `rule`.
    static func real(_ rule: NumberRule) -> @Sendable (String) throws -> Double {
        { text in try reading { try rule.read(text, "") } }
    }

    /// A limit: 0 is no limit, anything else keeps `rule`.
    static func limit(_ rule: NumberRule) -> @Sendable (String) throws -> Double {
        { text in
            try reading {
                let value = try NumberRule(0 ... rule.range.upperBound, integral: rule.integral, unit: rule.unit).read(text, "")
                return value == 0 ? 0 : try rule.check(value, "")
            }
        }
    }

    /// An integer keeping `rule` (a count, a port).
    static func integer(_ rule: NumberRule) -> @Sendable (String) throws -> Int {
        { text in Int(try reading { try rule.read(text, "") }) }
    }

    /// The rule's refusal, without the field: ArgumentParser names the option.
    private static func reading(_ body: () throws -> Double) throws -> Double {
        do { return try body() } catch let e as NumberInputError { throw ValidationError(e.reason) }
    }
}
