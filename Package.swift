// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "uis-gen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "uis-gen", targets: ["uis-gen"]),
        .library(name: "UISSpec", targets: ["UISSpec"]),
        .library(name: "UISCompiler", targets: ["UISCompiler"]),
        .library(name: "UISBundle", targets: ["UISBundle"]),
        .library(name: "UISArchive", targets: ["UISArchive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The C libraries, used by UISArchive alone: libarchive (tar) and libdeflate (gzip).
        .systemLibrary(
            name: "CLibArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev", "libdeflate-dev"])]
        ),
        // The text encoders (SQL, YAML, JSON, shell, XML, Java, Markdown, PromQL) and byte-level string helpers.
        .target(name: "UISText"),
        // load -> syntax tree with positions -> typed, validated spec.
        .target(name: "UISSpec", dependencies: ["UISText", .product(name: "Yams", package: "Yams")]),
        // resolve -> Pipeline; compile -> job config, Flink SQL, flink run args.
        // SHA-256 from swift-crypto (BoringSSL: the CPU's SHA instructions where it has them).
        .target(name: "UISCompiler", dependencies: ["UISText", "UISSpec", .product(name: "Crypto", package: "swift-crypto")]),
        // render -> bundle files from templates and view-models; self-check.
        .target(name: "UISBundle", dependencies: [
            "UISText", "UISSpec", "UISCompiler",
            .product(name: "Yams", package: "Yams"),
        ]),
        // pack -> deterministic .tar.gz; read back.
        .target(name: "UISArchive", dependencies: ["CLibArchive"]),
        .executableTarget(name: "uis-gen", dependencies: [
            "UISText", "UISSpec", "UISCompiler", "UISBundle", "UISArchive",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Helpers every test target shares: seeded random numbers, the repository root, a minimal spec,
        // temporary folders and running a program.
        // Foundation only, so any test target can depend on it.
        .target(name: "UISTestSupport", path: "Tests/UISTestSupport"),
        .testTarget(name: "UISSpecTests", dependencies: [
            "UISSpec", "UISTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "UISCompilerTests", dependencies: ["UISText", "UISSpec", "UISCompiler", "UISTestSupport"]),
        .testTarget(name: "UISBundleTests", dependencies: [
            "UISText", "UISSpec", "UISCompiler", "UISBundle", "UISArchive", "UISTestSupport",
            .product(name: "Yams", package: "Yams"),
            .product(name: "PropertyBased", package: "swift-property-based"),
            // the reference our template engine is checked against, output for output
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .testTarget(name: "UISArchiveTests", dependencies: ["UISArchive", "UISTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["UISSpec", "UISCompiler", "UISBundle", "UISTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
