// swift-tools-version:6.1
import PackageDescription

// Layers, lowest first; a module imports only the layers below it (ControlAPI and Platforms
// are side by side), and only LuaHost the C shim. Tests/CLITests/LayeringTests.swift checks it,
// and that every module a target imports is declared here.
//   CLua (system library) + LuaShim (C)  - the Lua C API and the only code that raises or yields
//   LuaHost                              - the Swift host: state, values, functions, userdata, errors, awaits
//   ShowEngine                           - the scheduler, clocks, Lua primitives, shows, operator control
//   ControlAPI                           - the operator control API and page over HTTP (Hummingbird)
//   Platforms                            - the platform clients (AsyncHTTPClient), profiles, Lua bindings
//   SharedStore                          - the journal in PostgreSQL, and the lease that fences a show's hosts
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
        .library(name: "ControlAPI", targets: ["ControlAPI"]),
        .library(name: "Platforms", targets: ["Platforms"]),
        .library(name: "ShowCallCommands", targets: ["ShowCallCommands"]),
        .library(name: "SharedStore", targets: ["SharedStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already built for Hummingbird and AsyncHTTPClient; named because ControlAPI, Platforms
        // and REPL import their modules directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already built for Hummingbird; named because the two servers stop through its
        // graceful shutdown (a cancelled server drops accepted connections NIO still owns).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Main and backup hosts share a show's journal and lease through PostgreSQL.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already built for AsyncHTTPClient's TLS; `showcall` takes SHA-256 from it for the
        // journal's script hash.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
    ],
    targets: [
        // Headers from Debian's liblua5.4-dev (/usr/include/lua5.4); linked by LuaShim below.
        .systemLibrary(name: "CLua", providers: [.apt(["liblua5.4-dev"])]),
        // Lua is linked statically: a Swift binding then calls into Lua without a PLT hop, which
        // is most of the distance between a Swift binding and a plain lua_CFunction. Its C API
        // is exported (lua_api.list), so that C modules `require` loads bind to it.
        .target(name: "LuaShim", dependencies: ["CLua"], exclude: ["lua_api.list"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "-l:liblua5.4.a",
                                               "-Xlinker", "--dynamic-list=\(Context.packageDirectory)/Sources/LuaShim/lua_api.list"]),
                                 .linkedLibrary("m")]),
        // The host's own Lua (the sandbox) is compiled in from Lua/.
        .target(name: "LuaHost", dependencies: ["LuaShim", .product(name: "Logging", package: "swift-log")],
                resources: [.embedInCode("Lua/sandbox.lua")]),
        .target(name: "ShowEngine", dependencies: [
            "LuaHost",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.embedInCode("Lua/preload.lua")]),
        // The control page (Panel/) is compiled in: `showcall run --control` serves it.
        .target(name: "ControlAPI", dependencies: [
            "LuaHost", "ShowEngine",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [
            .embedInCode("Panel/panel.html"), .embedInCode("Panel/panel.css"), .embedInCode("Panel/panel.js"),
            .embedInCode("Panel/clock.js"), .embedInCode("Panel/stage.html"), .embedInCode("Panel/stage.css"), .embedInCode("Panel/stage.js"),
            .embedInCode("Panel/runsheet.html"), .embedInCode("Panel/runsheet.css"), .embedInCode("Panel/runsheet.js"),
        ]),
        // libedit from Debian's libedit-dev, for the REPL's line editing.
        .systemLibrary(name: "CEditLine", providers: [.apt(["libedit-dev"])]),
        // Attaching to a `showcall run --control` process speaks HTTP through AsyncHTTPClient.
        .target(name: "REPL", dependencies: [
            "LuaHost", "ShowEngine", "CEditLine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], resources: [.embedInCode("Lua/introspection.lua"), .embedInCode("Lua/pretty_printer.lua"), .embedInCode("Lua/repl_runner.lua")]),
        // The platform clients and their Lua bindings; profiles from TOML.
        .target(name: "Platforms", dependencies: [
            "LuaHost",
            "ShowEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // A show's journal, script files and lease in PostgreSQL, for main and backup hosts.
        .target(name: "SharedStore", dependencies: [
            "LuaHost", "ShowEngine", "Platforms",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Simulator", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The commands (run, resume, log, plan...): a library, so tests and the fuzz targets
        // reach them without importing an executable.
        .target(name: "ShowCallCommands", dependencies: [
            "LuaHost", "ShowEngine", "ControlAPI", "Platforms", "REPL", "Simulator", "SharedStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [
            .embedInCode("Lua/eval_printer.lua"), .embedInCode("Lua/spec_runner.lua"), .embedInCode("Lua/repl_globals.lua"),
            .embedInCode("Lua/show_check.lua"),
            // What `showcall new` writes: a show, a library of its own and its spec.
            .embedInCode("Template/show.lua"), .embedInCode("Template/stream.lua"), .embedInCode("Template/stream_spec.lua"),
            .embedInCode("Template/luacheckrc.lua"),
        ]),
        // A release binary is linked by lld with its relative relocations packed (DT_RELR, glibc
        // 2.36, Debian 12): the loader reads 28 KB of them at every start instead of 3.4 MB of
        // entries, one per pointer, and keeps less resident. (Linked as a position-dependent
        // executable it would start faster still, but without address randomisation, which a
        // program serving a control API over HTTP should keep.) It exports only Lua's C API (for C
        // modules; LuaShim's lua_api.list): the static stdlib's link adds --export-dynamic, which
        // put 48,000 of ours in the dynamic symbol table, and the runtime's start-up dladdr reads
        // that table from end to end (about 2 ms and 2 MB resident a start). The functions a start
        // runs are laid out together (scripts/release/showcall.order; see scripts/release/build).
        .executableTarget(name: "showcall", dependencies: ["ShowCallCommands"], linkerSettings: [
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                          "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/release/showcall.order",
                          "-Xlinker", "--no-warn-symbol-ordering"] + staticSystemLibraries,
                         .when(configuration: .release)),
        ]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"]),
        .testTarget(name: "CLITests", dependencies: [
            "showcall", "ShowCallCommands", "SharedStore", "ShowEngine", "LuaHost",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        // The C module CModuleTests builds and loads.
        ], exclude: ["CModule"]),
        .testTarget(name: "SimulatorTests", dependencies: [
            "Simulator",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "PlatformTests", dependencies: [
            "showcall", "ShowCallCommands", "Platforms", "Simulator", "ShowEngine", "ControlAPI", "LuaHost",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "ShowEngineTests", dependencies: [
            "ShowEngine", "ControlAPI", "LuaHost",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
    ]
)

/// The C and C++ libraries a release `showcall` links in rather than loads (libstdc++, libgcc,
/// libedit and what it needs, zlib; Lua as an object), so that the one file runs on a machine
/// with only glibc:
/// scripts/release/build names a directory holding only their static archives
/// (SHOWCALL_STATIC_LIBS), searched before the system's, where `-lstdc++` from the static
/// stdlib's link and `-ledit` from CEditLine's module map then find the archive. A start also
/// skips loading, relocating and initialising six shared libraries (libstdc++ alone kept 1.4 MB
/// resident). Without the variable the release build loads them as a debug build does.
var staticSystemLibraries: [String] {
    guard let directory = Context.environment["SHOWCALL_STATIC_LIBS"], !directory.isEmpty else { return [] }
    // libedit's own needs, which its shared library would have brought along; Lua as one object
    // (scripts/release/build says why).
    return ["-L", directory, "-Xclang-linker", "-static-libgcc", "-Xlinker", "-ltinfo", "-Xlinker", "-lbsd", "-Xlinker", "-lmd",
            "-Xlinker", "\(directory)/lua.o"]
}
