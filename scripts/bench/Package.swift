// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so `swift test` at the top never builds them.
// Run them with `scripts/bench/run` (release builds).
let package = Package(
    name: "ShowCallBenchmarks",
    dependencies: [.package(name: "ShowCall", path: "../..")],
    targets: [
        // The C baseline: a lua_CFunction doing the same (no) work as the Swift binding.
        .target(name: "NativeLua", cSettings: [.unsafeFlags(["-I/usr/include/lua5.4"])]),
        .executableTarget(name: "host-bench", dependencies: [
            "NativeLua", .product(name: "LuaHost", package: "ShowCall"),
        ], path: "Sources/HostBench"),
        .executableTarget(name: "engine-bench", dependencies: [
            .product(name: "ShowEngine", package: "ShowCall"), .product(name: "LuaHost", package: "ShowCall"),
        ], path: "Sources/EngineBench"),
        .executableTarget(name: "store-bench", dependencies: [
            .product(name: "SharedStore", package: "ShowCall"), .product(name: "ShowEngine", package: "ShowCall"),
        ], path: "Sources/StoreBench"),
    ]
)
