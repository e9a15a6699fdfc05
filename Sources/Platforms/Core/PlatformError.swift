import LuaHost

/// A platform call that failed: what a script catches with `pcall` and reads as fields
/// (`err.platform`, `err.operation`, `err.status`, `err.code`, `err.message`, `err.retryable`,
/// `err.request_id`). Its text never holds a secret: message, code and request id pass through `Secrets.redact`.
public struct PlatformError: Error, LuaErrorFields, CustomStringConvertible, Sendable {
    public var platform: String
    /// What was asked, e.g. `event 6f2d...:broadcast.start`.
    public var operation: String
    /// The HTTP status, when an answer arrived.
    public var status: Int?
    /// The platform's own code (Vbrick's `code`, Convey's `returnCode`, Zoom's `code`, Huawei's `error_code`).
    public var code: String?
    public var message: String
    /// Whether sending the same call again later may succeed (rate limits, outages), as opposed
    /// to a call the platform refused for good (a wrong id, an invalid value, a rule).
    public var retryable: Bool
    public var requestID: String?

    public init(platform: String, operation: String, status: Int? = nil, code: String? = nil, message: String,
                retryable: Bool = false, requestID: String? = nil) {
        self.platform = platform
        self.operation = operation
        self.status = status
        // The code and request id come from the platform's answer too, so a platform that
        // echoes a credential there must not print it either.
        self.code = code.map(Secrets.redact)
        self.message = Secrets.redact(message)
        self.retryable = retryable
        self.requestID = requestID.map(Secrets.redact)
    }

    public var description: String {
        var details: [String] = []
        if let status { details.append("HTTP \(status)") }
        if let code { details.append("code \(code)") }
        if let requestID { details.append("request \(requestID)") }
        let suffix = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        return "\(platform) \(operation): \(message)\(suffix)"
    }

    public var luaFields: [String: LuaValue] {
        // `message` is the platform's own text; `tostring(err)` has the whole description.
        var f: [String: LuaValue] = [
            "platform": .string(platform), "operation": .string(operation), "retryable": .boolean(retryable),
            "message": .string(message),
        ]
        if let status { f["status"] = .integer(Int64(status)) }
        if let code { f["code"] = .string(code) }
        if let requestID { f["request_id"] = .string(requestID) }
        return f
    }
}

/// A value a script passed that a call cannot send: names the field and the rule it breaks.
public struct PlatformInputError: Error, CustomStringConvertible, Sendable {
    public var field: String
    public var rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field) \(rule)" }
}
