/// A Lua string: bytes, not text. Embedded NULs and invalid UTF-8 survive the round trip.
public struct LuaString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { bytes = Array(string.utf8) }
    public init(stringLiteral value: String) { self.init(value) }

    /// The text, or nil when the bytes are not valid UTF-8.
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// The text with invalid sequences replaced, for messages and logs.
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
