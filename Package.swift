// swift-tools-version:6.1
import PackageDescription

// Layers, lowest first; a module imports only the layers below it:
//   CLua (system library) + LuaShim (C)  - the Lua C API and the only code that raises or yields
//   LuaHost                              - the Swift host: state, values, functions, userdata, errors, awaits
//   ShowEngine                           - the scheduler, clocks, Lua primitives, shows, operator control
//   showcall                             - the command-line interface
let package = Package(
    name: "ShowCall",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "showcall", targets: ["showcall"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "ShowEngine", targets: ["ShowEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "LuaShim", dependencies: ["CLua"]),
        .target(name: "LuaHost", dependencies: ["LuaShim", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ShowEngine", dependencies: [
            "LuaHost",
            "LuaShim",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .executableTarget(name: "showcall", dependencies: [
            "LuaHost",
            "ShowEngine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"]),
        .testTarget(name: "CLITests", dependencies: ["showcall"]),
        .testTarget(name: "ShowEngineTests", dependencies: [
            "ShowEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .executableTarget(name: "bench-engine", dependencies: ["ShowEngine", "LuaHost"], path: "scripts/bench/engine"),
    ]
)
