// swift-tools-version:6.1
import PackageDescription

// Fuzz targets live in their own package so `swift test` at the top never builds them.
// Build and run one with `scripts/fuzz/run TARGET [SECONDS]`: it builds with
// `-sanitize=fuzzer,address` (libFuzzer with AddressSanitizer and LeakSanitizer), which
// instruments every Swift module for coverage; libFuzzer supplies `main`.
let package = Package(
    name: "ShowCallFuzz",
    dependencies: [
        .package(name: "ShowCall", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Reading fuzz bytes, and comparing Lua values as Lua does.
        .target(name: "FuzzSupport", dependencies: ["LibFuzzer", .product(name: "LuaHost", package: "ShowCall")]),
        // libFuzzer's driver entry, declared for Swift.
        .target(name: "LibFuzzer"),
        // Lua values both ways between a Lua state and Swift, errors through the shim, `load`.
        .executableTarget(name: "fuzz-marshal", dependencies: [
            "FuzzSupport", .product(name: "LuaHost", package: "ShowCall"), .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/MarshalFuzz"),
        // Every platform client's reading of answers, and their JSON on its way into Lua.
        .executableTarget(name: "fuzz-platform", dependencies: [
            "FuzzSupport", .product(name: "Platforms", package: "ShowCall"), .product(name: "LuaHost", package: "ShowCall"),
            .product(name: "ShowEngine", package: "ShowCall"), .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/PlatformFuzz"),
        // What an operator's files and command line reach: arguments, profiles, journals.
        .executableTarget(name: "fuzz-inputs", dependencies: [
            "FuzzSupport", .product(name: "ShowCallCommands", package: "ShowCall"), .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/InputsFuzz"),
    ]
)
