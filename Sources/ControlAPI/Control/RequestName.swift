import Foundation
import Hummingbird
import LuaHost

/// A name a request sends, a show's (`?show=NAME`) or a step's (`/jump/NAME`): both read here,
/// strictly. Hummingbird keeps a query value it cannot percent-decode as it came, so `%ZZ`
/// would name a show called "%ZZ" and be answered "no show" (409) instead of "malformed" (400).
/// Refused, with 400 and what is wrong but never the text itself: bad percent-encoding, bytes
/// that are not UTF-8, an empty name, a control character (no show or step has one; in a
/// journal line or a log it would forge another). Which show or step a name means (one written
/// in another Unicode normal form) is the hub's to say, where the names are known.
enum RequestName {
    /// `raw` as sent, decoded; `field` says where it came from ("show=", "the step name").
    static func decode(_ raw: some StringProtocol, field: String) throws -> String {
        guard let name = String(raw).removingPercentEncoding else {
            throw ControlError.badRequest("\(field) is not valid percent-encoded UTF-8")
        }
        guard !name.isEmpty else { throw ControlError.badRequest("\(field) names nothing") }
        guard !InputText.hasControlCharacter(name) else {
            throw ControlError.badRequest("\(field) holds a control character")
        }
        return name
    }

    /// `?key=VALUE`'s value as sent, before any decoding; nil without one.
    static func query(_ request: Request, _ key: String) -> Substring? {
        guard let query = request.uri.query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == key { return parts.count > 1 ? parts[1] : "" }
        }
        return nil
    }
}
