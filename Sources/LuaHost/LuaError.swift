import LuaShim

/// A Lua error seen from Swift: the message as Lua would print it (`chunk:line: message`)
/// and the traceback. When the error object was a Swift error on its way back (raised by a
/// binding, caught nowhere), `underlying` is that Swift error.
public struct LuaError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case runtime, syntax, memory, handler }

    public let kind: Kind
    public let message: String
    public let traceback: String
    public let underlying: (any Error)?
    /// Where the underlying Swift error was raised (`chunk:line: `), kept if it goes back into Lua.
    let origin: String

    public init(kind: Kind, message: String, traceback: String = "", underlying: (any Error)? = nil) {
        self.init(kind: kind, message: message, traceback: traceback, underlying: underlying, origin: "")
    }

    init(kind: Kind, message: String, traceback: String, underlying: (any Error)?, origin: String) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
        self.underlying = underlying
        self.origin = origin
    }

    public var description: String { message }

    init(status: Int32, message: String, traceback: String, underlying: (any Error)?, origin: String = "") {
        let kind: Kind = switch status {
        case LUA_ERRSYNTAX: .syntax
        case LUA_ERRMEM: .memory
        case LUA_ERRERR: .handler
        default: .runtime
        }
        self.init(kind: kind, message: message, traceback: traceback, underlying: underlying, origin: origin)
    }
}

/// Errors of the host itself (not of a script).
public enum LuaHostError: Error, CustomStringConvertible {
    case stackOverflow
    case conversion(String)
    case cannotAwait(String)
    case unregisteredType(String)
    case outOfMemory

    public var description: String {
        switch self {
        case .stackOverflow: "Lua stack overflow (too many values)"
        case .conversion(let why): why
        case .cannotAwait(let name): "cannot wait here: '\(name)' needs a coroutine that can yield (not in a metamethod, iterator of a C function, sort comparator, gsub callback or the main chunk of require)"
        case .unregisteredType(let name): "Swift type \(name) is not registered with the Lua state"
        case .outOfMemory: "not enough memory"
        }
    }
}

/// How a Swift error reads in Lua. Conform to give an error its own fields (a platform, an
/// HTTP status...) that scripts read as `err.field`.
public protocol LuaErrorFields: Error {
    /// Fields readable from Lua; `message` defaults to the error's description.
    var luaFields: [String: LuaValue] { get }
}

/// The Lua face of a Swift error: a userdata whose `tostring` is `chunk:line: message`
/// (the line of the Lua code that made the failing call) and whose fields are readable.
final class LuaErrorObject {
    let error: any Error
    let location: String

    init(error: any Error, location: String) {
        self.error = error
        self.location = location
    }

    var message: String { String(describing: error) }
    var text: String { location + message }

    /// The error's own fields first: one may give `message` a narrower meaning (a platform's
    /// own text) than the whole description `tostring` shows.
    func field(_ name: String) -> LuaValue {
        if let value = (error as? LuaErrorFields)?.luaFields[name] { return value }
        switch name {
        case "message": return .string(message)
        case "where": return .string(location)
        default: return .nil
        }
    }
}
