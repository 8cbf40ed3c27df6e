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
        .target(
            name: "KinoraCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "KinoraMedia", dependencies: ["KinoraCore"]),
        .executableTarget(
            name: "kinora",
            dependencies: [
                "KinoraCore",
                "KinoraMedia",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KinoraCoreTests", dependencies: ["KinoraCore"]),
        .testTarget(name: "KinoraMediaTests", dependencies: ["KinoraMedia"]),
        .testTarget(name: "KinoraCLITests", dependencies: ["kinora", "KinoraCore", "KinoraMedia"]),
    ],
    swiftLanguageModes: [.v6]
)
