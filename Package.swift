// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Atelier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atelier", targets: ["atelier"]),
        .library(name: "YCore", targets: ["YCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        // Yjs-compatible CRDT core: standard library and Foundation only.
        .target(name: "YCore"),
        // y-protocols messages (sync, awareness, auth) and per-connection state.
        .target(name: "YSync", dependencies: ["YCore"]),
        // The workshop domain: sessions, phases, pitch, jury; pure logic with an injected clock.
        .target(
            name: "Workshop", dependencies: ["YCore", .product(name: "Crypto", package: "swift-crypto")]),
        // Persistence behind protocols (SQLite through GRDB, PostgreSQL through PostgresNIO); the
        // domain only for its vocabulary types.
        .target(
            name: "Storage",
            dependencies: [
                "Workshop",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The Hummingbird application: routes, auth, room hub, live channel, static files.
        .target(
            name: "AtelierServer",
            dependencies: [
                "YCore", "YSync", "Workshop", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "atelier",
            dependencies: [
                "AtelierServer", "Storage", "YCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks of YCore against the Yjs / yrs baselines (run in release mode).
        .executableTarget(name: "ycore-bench", dependencies: ["YCore"], path: "Sources/YCoreBench"),
        // The tests' way of starting programs (the server, the peers), shared by the test targets.
        .target(name: "TestProcesses", path: "Tests/TestProcesses"),
        .testTarget(name: "YCoreTests", dependencies: ["YCore", "TestProcesses"]),
        .testTarget(name: "YSyncTests", dependencies: ["YSync"]),
        .testTarget(name: "WorkshopTests", dependencies: ["Workshop"]),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "Workshop"]),
        .testTarget(
            name: "AtelierServerTests",
            dependencies: [
                "AtelierServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                "Storage", "Workshop", "YCore", "YSync", "TestProcesses",
            ]
        ),
    ]
)

// Every source target is built with the language's upcoming rules: `any` spelled out for existentials,
// imports internal unless a declaration needs them wider, and members visible only through
// modules the file imports.
for target in package.targets where target.type != .test {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
