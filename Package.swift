// swift-tools-version:6.1
import PackageDescription

// Layers, lowest first; a module imports only the layers below it:
//   CLua (system library) + LuaShim (C)  - the Lua C API and the only code that raises or yields
//   LuaHost                              - the Swift host: state, values, functions, userdata, errors, awaits
//   ShowEngine                           - the scheduler, clocks, Lua primitives, shows, operator control
//   Platforms                            - the platform clients (AsyncHTTPClient), profiles, Lua bindings
//   REPL                                 - the interactive prompt (libedit through CEditLine)
//   Simulator (independent)              - local HTTP doubles of the five platform APIs (Hummingbird)
//   ShowCallCommands                     - the commands of the command-line interface
//   showcall                             - the executable: ShowCallCommands' main
let package = Package(
    name: "ShowCall",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "showcall", targets: ["showcall"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "ShowEngine", targets: ["ShowEngine"]),
        .library(name: "Platforms", targets: ["Platforms"]),
        .library(name: "ShowCallCommands", targets: ["ShowCallCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Already built for AsyncHTTPClient's TLS; `showcall` takes SHA-256 from it for the
        // journal's script hash.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
    ],
    targets: [
        // Headers from Debian's liblua5.4-dev (/usr/include/lua5.4); linked by LuaShim below.
        .systemLibrary(name: "CLua", providers: [.apt(["liblua5.4-dev"])]),
        // Lua is linked statically: a Swift binding then calls into Lua without a PLT hop, which
        // is most of the distance between a Swift binding and a plain lua_CFunction.
        .target(name: "LuaShim", dependencies: ["CLua"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "-l:liblua5.4.a"]), .linkedLibrary("m")]),
        // The host's own Lua (the sandbox, the coroutine bridge) is compiled in from Lua/.
        .target(name: "LuaHost", dependencies: ["LuaShim", .product(name: "Logging", package: "swift-log")],
                resources: [.embedInCode("Lua/sandbox.lua"), .embedInCode("Lua/coroutine_bridge.lua")]),
        // The control page (Panel/) is compiled in: `showcall run --control` serves it.
        .target(name: "ShowEngine", dependencies: [
            "LuaHost",
            "LuaShim",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ], resources: [
            .embedInCode("Panel/panel.html"), .embedInCode("Panel/panel.css"), .embedInCode("Panel/panel.js"),
            .embedInCode("Lua/preload.lua"),
        ]),
        // libedit from Debian's libedit-dev, for the REPL's line editing.
        .systemLibrary(name: "CEditLine", providers: [.apt(["libedit-dev"])]),
        // Attaching to a `showcall run --control` process speaks HTTP through AsyncHTTPClient.
        .target(name: "REPL", dependencies: [
            "LuaHost", "ShowEngine", "CEditLine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.embedInCode("Lua/introspection.lua"), .embedInCode("Lua/pretty_printer.lua"), .embedInCode("Lua/repl_runner.lua")]),
        // The platform clients and their Lua bindings; profiles from TOML.
        .target(name: "Platforms", dependencies: [
            "LuaHost",
            "ShowEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Simulator", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The commands (run, resume, log, plan...): a library, so tests and the fuzz targets
        // reach them without importing an executable.
        .target(name: "ShowCallCommands", dependencies: [
            "LuaHost", "ShowEngine", "Platforms", "REPL", "Simulator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [
            .embedInCode("Lua/eval_printer.lua"), .embedInCode("Lua/spec_runner.lua"), .embedInCode("Lua/repl_globals.lua"),
            // What `showcall new` writes: a show, a library of its own and its spec.
            .embedInCode("Template/show.lua"), .embedInCode("Template/stream.lua"), .embedInCode("Template/stream_spec.lua"),
        ]),
        .executableTarget(name: "showcall", dependencies: ["ShowCallCommands"]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"]),
        .testTarget(name: "CLITests", dependencies: ["showcall", "ShowCallCommands"]),
        .testTarget(name: "SimulatorTests", dependencies: [
            "Simulator",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "PlatformTests", dependencies: [
            "showcall", "ShowCallCommands", "Platforms", "Simulator", "ShowEngine", "LuaHost",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "ShowEngineTests", dependencies: [
            "ShowEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
    ]
)
