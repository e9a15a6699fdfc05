import LuaHost

/// What every platform is, so that shared code (the profile and its loader, the directory of
/// clients, the Lua backend) never names one. A platform is its folder `Sources/Platforms/<Name>/`
/// (the client, and `<Name>Platform.swift`: its settings and the conformance to this) and its
/// bindings `Lua/<Name>Bindings.swift` (its Lua module's `functions`), plus one line in
/// `PlatformKinds.all`.
protocol PlatformKind {
    associatedtype Client: PlatformClient
    typealias Settings = Client.Settings

    /// "vbrick": its profile table is `[NAME.vbrick]`, its Lua module `showcall.vbrick`.
    static var name: String { get }
    /// The keys its profile table may hold.
    static var profileKeys: [String] { get }
    /// What a profile without its table should add, for the error that says so.
    static var profileHint: String { get }
    /// Its settings from its profile table (strings through `f.string`/`f.required`, which
    /// register credentials as secrets; numbers through `f.number`).
    static func settings(_ f: inout Fields) throws -> Settings
    /// Its settings pointed at ShowCall's simulator, with the credentials the simulator accepts
    /// (by their keys in a simulator seed, `credential("vbrickApiKey")`).
    static func simulated(baseURL: String, credential: (String) -> String) -> Settings
    /// Its Lua module, `require "showcall.<name>"`: defined in its bindings file.
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction]
}

/// A platform's client, made from its profile table's settings.
public protocol PlatformClient: Sendable {
    associatedtype Settings: Sendable
    init(settings: Settings, rateLimited: Bool, policy: RetryPolicy)
}

enum PlatformKinds {
    /// The platforms, in the order they are listed; a new one is one more entry here.
    static let all: [any PlatformKind.Type] = [VbrickPlatform.self, ConveyPlatform.self, WebexPlatform.self, ZoomPlatform.self, HuaweiPlatform.self]
}

extension PlatformKind {
    /// Reads its table of a profile into `profile`, if the profile has one.
    static func load(into profile: inout Profile, from fields: inout Fields) throws {
        profile[Self.self] = try fields.platform(name, known: profileKeys) { try settings(&$0) }
    }

    static func simulate(in profile: inout Profile, baseURL: String, credential: (String) -> String) {
        profile[Self.self] = simulated(baseURL: baseURL, credential: credential)
    }
}
