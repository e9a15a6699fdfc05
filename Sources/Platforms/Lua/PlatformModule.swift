import LuaHost

/// A platform's Lua module, `require "showcall.NAME"`: its functions, defined in the platform's
/// own bindings file beside its objects. `PlatformBackend` installs each one of `all`; a sixth
/// platform adds its bindings file and one line to `all`.
protocol PlatformModule {
    /// "vbrick": the module is `showcall.vbrick`.
    static var name: String { get }
    static func functions(_ context: PlatformContext) -> [LuaModuleFunction]
}

enum PlatformModules {
    static let all: [any PlatformModule.Type] = [VbrickModule.self, ConveyModule.self, WebexModule.self, ZoomModule.self, HuaweiModule.self]
}
