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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(
            name: "CChafa", pkgConfig: "chafa", providers: [.apt(["libchafa-dev", "libglib2.0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // cairo's PDF surface and pango's text, for the PDF storyboard.
        .systemLibrary(
            name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .target(
            name: "KinoraCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Streams huge PNGs and JPEGs row by row (ffmpeg refuses them, or decodes them whole).
        .target(
            name: "CImageDecode",
            linkerSettings: [.linkedLibrary("png"), .linkedLibrary("jpeg")]
        ),
        // Starts children that die with Kinora (a parent-death signal set between fork and exec).
        .target(name: "CSpawn"),
        .target(
            name: "KinoraMedia", dependencies: ["KinoraCore", "CImageDecode", "CSpawn"],
            // Its RGB-to-YUV conversion runs per pixel; tests that encode real takes need it fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // The built-in engine's pixels: camera kernels, styles, slates, retiming.
        .target(
            name: "KinoraEngine", dependencies: ["KinoraCore", "KinoraMedia"],
            // The pixel kernels are 50–100x slower unoptimised; tests of real takes need them fast.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // HTTP and WebSocket to remote engines (ComfyUI, RunPod, Replicate) on SwiftNIO, with TLS.
        .target(
            name: "KinoraNet",
            dependencies: [
                "KinoraCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "KinoraGenerate",
            dependencies: [
                "KinoraCore", "KinoraMedia", "KinoraEngine", "KinoraNet",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]
        ),
        // EBU R128 loudness (libebur128) and the animatic's sound out through ALSA.
        .systemLibrary(name: "CEbur128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),
        .systemLibrary(name: "CAlsa", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        // libespeak-ng, opened at run time (dlopen) so Kinora works where it is not installed.
        .target(name: "CEspeak"),
        // Sound: scratch voices, each shot's sounds and subtitles, loudness, playback.
        .target(
            name: "KinoraSound", dependencies: ["KinoraCore", "KinoraMedia", "CEspeak", "CEbur128", "CAlsa"]),
        .target(
            name: "KinoraExport",
            dependencies: ["KinoraCore", "KinoraMedia", "KinoraSound", "CImageDecode", "CCairo"]),
        // Screenplays (Fountain, Final Draft) read into elements and merged into a storyboard.
        .target(name: "KinoraScript", dependencies: ["KinoraCore"]),
        .target(
            name: "TermGrid", dependencies: ["KinoraCore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The bundled colour themes (`Themes/*.toml`), shipped next to the executable.
        .target(
            name: "KinoraThemes", path: "Themes", exclude: ["README.md"],
            resources: [.copy("dark.toml"), .copy("light.toml"), .copy("high-contrast.toml")]),
        .target(name: "CursesTerminal", dependencies: ["TermGrid", "CNCurses"]),
        .target(name: "KinoraStudio", dependencies: ["KinoraCore", "TermGrid"]),
        .target(
            name: "KinoraApp",
            dependencies: [
                "KinoraCore", "KinoraMedia", "KinoraGenerate", "KinoraExport", "KinoraPreview", "TermGrid",
                "KinoraThemes", "CursesTerminal", "KinoraStudio", "KinoraScript", "KinoraSound",
            ]),
        .target(name: "KinoraPreview", dependencies: ["KinoraCore", "KinoraMedia", "CChafa", "CZlib"]),
        .executableTarget(
            name: "kinora",
            dependencies: [
                "KinoraCore",
                "KinoraMedia",
                "KinoraGenerate",
                "KinoraPreview",
                "KinoraExport",
                "KinoraApp",
                "KinoraScript",
                "KinoraSound",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Row-by-row PNG and JPEG writers for pictures larger than ffmpeg will encode (tests only).
        .target(
            name: "CTestPictures", dependencies: ["CImageDecode"], path: "Tests/CTestPictures",
            linkerSettings: [.linkedLibrary("png"), .linkedLibrary("jpeg")]),
        .target(
            name: "KinoraTestSupport", dependencies: ["KinoraMedia", "CTestPictures"], path: "Tests/Support"),
        .executableTarget(
            name: "kinora-bench",
            dependencies: [
                "KinoraMedia", "KinoraEngine", "KinoraGenerate", "KinoraPreview", "KinoraExport", "KinoraApp",
                "KinoraStudio", "TermGrid",
            ]),
        .testTarget(name: "KinoraCoreTests", dependencies: ["KinoraCore", "KinoraTestSupport"]),
        .testTarget(name: "KinoraNetTests", dependencies: ["KinoraNet", "KinoraCore"]),
        .testTarget(
            name: "KinoraScriptTests", dependencies: ["KinoraScript", "KinoraCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "KinoraSoundTests", dependencies: ["KinoraSound", "KinoraCore", "KinoraTestSupport"]),
        .testTarget(
            name: "KinoraMediaTests", dependencies: ["KinoraCore", "KinoraMedia", "KinoraTestSupport"]),
        .testTarget(
            name: "KinoraGenerateTests", dependencies: ["KinoraGenerate", "KinoraTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KinoraEngineTests",
            dependencies: ["KinoraEngine", "KinoraCore", "KinoraMedia", "KinoraTestSupport"],
            // The pinned pixel hashes (`EnginePixelTests`), read and rewritten from the source folder.
            exclude: ["EnginePixelHashes.json"]),
        .testTarget(
            name: "KinoraPreviewTests", dependencies: ["KinoraPreview", "KinoraTestSupport", "CZlib"]),
        .testTarget(
            name: "KinoraExportTests", dependencies: ["KinoraExport", "KinoraTestSupport"],
            exclude: ["Scripts"]),
        .testTarget(name: "CLibraryTests", dependencies: ["CNCurses", "CChafa", "CImageDecode"]),
        .testTarget(name: "TermGridTests", dependencies: ["TermGrid", "KinoraThemes"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "TermGrid"]),
        .testTarget(
            name: "KinoraStudioTests", dependencies: ["KinoraStudio", "TermGrid", "KinoraCore"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "KinoraAppTests",
            dependencies: [
                "KinoraApp", "KinoraStudio", "KinoraCore", "KinoraGenerate", "TermGrid", "CursesTerminal",
                "KinoraTestSupport", "KinoraSound",
            ]),
        .testTarget(
            name: "KinoraCLITests",
            dependencies: ["kinora", "KinoraCore", "KinoraMedia", "KinoraGenerate", "KinoraTestSupport"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
