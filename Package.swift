// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kinora",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kinora", targets: ["kinora"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(
            name: "CChafa", pkgConfig: "chafa", providers: [.apt(["libchafa-dev", "libglib2.0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "KinoraCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "KinoraMedia", dependencies: ["KinoraCore"],
            // Its RGB-to-YUV conversion runs per pixel; tests that encode real takes need it fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "KinoraGenerate", dependencies: ["KinoraCore", "KinoraMedia"],
            // The pixel kernels are 50–100x slower unoptimised; tests of real takes need them fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "KinoraPreview", dependencies: ["KinoraCore", "KinoraMedia", "CChafa", "CZlib"]),
        .executableTarget(
            name: "kinora",
            dependencies: [
                "KinoraCore",
                "KinoraMedia",
                "KinoraGenerate",
                "KinoraPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "KinoraTestSupport", path: "Tests/Support"),
        .executableTarget(
            name: "kinora-bench", dependencies: ["KinoraMedia", "KinoraGenerate", "KinoraPreview"]),
        .testTarget(name: "KinoraCoreTests", dependencies: ["KinoraCore", "KinoraTestSupport"]),
        .testTarget(name: "KinoraMediaTests", dependencies: ["KinoraCore", "KinoraMedia"]),
        .testTarget(name: "KinoraGenerateTests", dependencies: ["KinoraGenerate", "KinoraTestSupport"]),
        .testTarget(name: "KinoraPreviewTests", dependencies: ["KinoraPreview", "KinoraTestSupport", "CZlib"]),
        .testTarget(name: "CLibraryTests", dependencies: ["CNCurses", "CChafa"]),
        .testTarget(
            name: "KinoraCLITests",
            dependencies: ["kinora", "KinoraCore", "KinoraMedia", "KinoraGenerate", "KinoraTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
