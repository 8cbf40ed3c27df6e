import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraEngine

/// The engine's pixels pinned to its version: every camera move, every style and the finishes render
/// a small take from a picture made here in memory (no decoder, no encoder in between), and the
/// SHA-256 of the raw RGB frames must be the one `EnginePixelHashes.json` recorded for
/// `BuiltinEngine.version`. A change to any kernel fails here until the version is bumped and the
/// table recorded again with `KINORA_RECORD_ENGINE_HASHES=1 swift test --filter EnginePixelTests`.
@Suite struct EnginePixelTests {
    /// One pinned take: a camera move, a style and the engine's parameters.
    struct Pin: Sendable, CustomTestStringConvertible {
        /// The table's group: `cameras`, `styles` or `finishes`.
        var group: String
        /// The name within the group.
        var name: String
        /// The camera move.
        var motion: CameraMotion = .static
        /// The look.
        var style: VisualStyle = .none
        /// How much of the look.
        var strength = 1.0
        /// The engine's `param.NAME` values.
        var parameters: [String: String] = [:]
        /// Whether the take starts from ``EnginePixelTests/smallStill`` (enlarged, not shrunk).
        var fromSmallStill = false
        /// A framing set by hand, moving the camera inside part of the still.
        var framing: Framing?
        /// Whether the take ends on ``EnginePixelTests/smallStill`` (first and last frames).
        var endsOnSmallStill = false

        /// The picture the take starts from.
        var still: RGBFrame { fromSmallStill ? EnginePixelTests.smallStill : EnginePixelTests.still }

        /// `group/name`, as failures name it.
        var testDescription: String { "\(group)/\(name)" }

        /// The pin of a camera move, with no style.
        static func camera(_ motion: CameraMotion) -> Pin {
            Pin(group: "cameras", name: motion.rawValue, motion: motion)
        }

        /// The pin of a style at full strength, with a static camera.
        static func style(_ style: VisualStyle) -> Pin {
            Pin(group: "styles", name: style.rawValue, style: style)
        }

        /// Grain, a style mixed at half strength, and a move over a still smaller than the take (the
        /// enlarging filter, where the other pins shrink).
        static let finishes = [
            Pin(group: "finishes", name: "grain", motion: .pushIn, parameters: ["grain": "0.5"]),
            Pin(group: "finishes", name: "toon-half-strength", style: .toon, strength: 0.5),
            Pin(
                group: "finishes", name: "push-in-from-small-still", motion: .pushIn,
                parameters: ["intensity": "2"],
                fromSmallStill: true),
            Pin(
                group: "finishes", name: "framed-push-in", motion: .pushIn,
                framing: Framing(x: 0.3, y: 0.4, zoom: 1.5, basis: .person)),
            Pin(group: "finishes", name: "end-picture-dissolve", motion: .pushIn, endsOnSmallStill: true),
        ]

        /// Every pin, in table order.
        static let all =
            CameraMotion.allCases.map(camera) + VisualStyle.allCases.map(style) + finishes
    }

    /// The pinned takes' frame size: two bands of the resampler and several of the styles, so the
    /// concurrent parts really run concurrently.
    static let size = FrameSize(width: 96, height: 54)
    /// Six frames at 24 fps: the whole move, start to end.
    static let duration = 0.25
    /// One fixed seed for every pin.
    static let seed: UInt64 = 20_240_607
    /// The source still: 4:3 into a 16:9 take, so the camera crops as it does for real pictures.
    static let still = makeStill(width: 160, height: 120)
    /// A still smaller than the take, which the camera enlarges.
    static let smallStill = makeStill(width: 48, height: 36)
    /// What every pinned take is, written into the table.
    static let takeDescription =
        "96x54, 24 fps, 6 frames, seed 20240607, image-to-video from EnginePixelTests.makeStill(160x120) "
        + "(48x36 for push-in-from-small-still; ending on the 48x36 one for end-picture-dissolve; framed "
        + "0.3,0.4,1.5 for framed-push-in); "
        + "SHA-256 of the frames' raw RGB bytes in order"

    @Test(arguments: CameraMotion.allCases)
    func cameraMove(_ motion: CameraMotion) throws {
        try check(.camera(motion))
    }

    @Test(arguments: VisualStyle.allCases)
    func style(_ style: VisualStyle) throws {
        try check(.style(style))
    }

    @Test(arguments: Pin.finishes)
    func finish(_ pin: Pin) throws {
        try check(pin)
    }

    @Test func theTableIsForThisEngineVersionAndPinsEveryMoveAndStyle() throws {
        guard !EnginePixelTable.isRecording else { return }
        let table = try #require(
            try EnginePixelTable.load(), "no EnginePixelHashes.json: \(Self.recordAdvice)")
        #expect(
            table.version == BuiltinEngine.version,
            "the table is for \(table.version), the engine is \(BuiltinEngine.version): \(EnginePixelTable.advice)"
        )
        let missing = Pin.all.filter { Self.recorded($0, in: table) == nil }.map(\.testDescription)
        #expect(
            missing.isEmpty, "no pinned hash for \(missing.joined(separator: ", ")): \(Self.recordAdvice)")
    }

    @Test func concurrentBandsDoNotChangeThePixels() throws {
        for pin in [Pin.camera(.orbit), .camera(.pushIn), .style(.toon), .style(.halftone), .style(.sketch)] {
            let spread = try Self.hash(pin)
            let oneBand = try RowBands.$limit.withValue(1) { try Self.hash(pin) }
            #expect(spread == oneBand, "\(pin.testDescription) depends on how rows are split into bands")
            #expect(try Self.hash(pin) == spread, "\(pin.testDescription) differs from one run to the next")
        }
    }

    @Test func theStillInMemoryIsWhatTheSameStillAsAFileGives() throws {
        for pin in [Pin.camera(.kenBurns), .style(.vhs), Pin.finishes[2]] {
            let file = try TestFiles.folder().appendingPathComponent("still.png")
            let still = pin.still
            try TestPictureWriter.write(.png, to: file, size: still.size) { row, bytes in
                for index in 0..<bytes.count {
                    bytes[index] = still.pixels[row * still.width * 3 + index]
                }
            }
            let render = try Self.render(pin, source: file)
            let fromFile = try Self.frames(render, render.prepare())
            let fromMemory = try Self.frames(render, render.prepare(still: still))
            #expect(fromFile == fromMemory, "\(pin.testDescription): the pinned path skips only the decoding")
        }
    }

    /// Records the table (only with `KINORA_RECORD_ENGINE_HASHES=1`). Refuses when a pinned hash
    /// changed under the same engine version: the version must be bumped first.
    @Test(.enabled(if: EnginePixelTable.isRecording))
    func record() throws {
        var table = EnginePixelTable(
            version: BuiltinEngine.version, take: Self.takeDescription, cameras: [:], styles: [:],
            finishes: [:])
        for pin in Pin.all {
            let hash = try Self.hash(pin)
            switch pin.group {
            case "cameras": table.cameras[pin.name] = hash
            case "styles": table.styles[pin.name] = hash
            default: table.finishes[pin.name] = hash
            }
        }
        if let old = try EnginePixelTable.load(), old.version == table.version {
            let changed = Pin.all.filter { pin in
                Self.recorded(pin, in: old).map { $0 != Self.recorded(pin, in: table) } ?? false
            }
            guard changed.isEmpty else {
                Issue.record(
                    """
                    not recorded: the pixels of \(changed.map(\.testDescription).joined(separator: ", ")) \
                    changed but BuiltinEngine.version is still \(table.version); bump it first, so takes \
                    made by the old engine are not mistaken for the new one's
                    """)
                return
            }
        }
        try table.write()
    }

    /// Renders `pin` and compares its hash with the table's.
    private func check(_ pin: Pin, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard !EnginePixelTable.isRecording else { return }
        guard let table = try EnginePixelTable.load() else {
            Issue.record("no EnginePixelHashes.json: \(Self.recordAdvice)", sourceLocation: sourceLocation)
            return
        }
        let hash = try Self.hash(pin)
        guard let recorded = Self.recorded(pin, in: table) else {
            // A new move or style: nothing made before it changes, so no bump, only a recording.
            Issue.record(
                "\(pin.testDescription) has no pinned hash (its frames hash to \(hash)): \(Self.recordAdvice)",
                sourceLocation: sourceLocation)
            return
        }
        #expect(
            table.version == BuiltinEngine.version && recorded == hash,
            """
            \(pin.testDescription): the frames hash to \(hash), the table has \(recorded) \
            recorded for \(table.version) (the engine is \(BuiltinEngine.version)): \(EnginePixelTable.advice)
            """,
            sourceLocation: sourceLocation)
    }

    /// How to make the table when it has no entry at all.
    private static let recordAdvice =
        "record it with `\(EnginePixelTable.recordVariable)=1 swift test --filter EnginePixelTests`"

    /// The table's hash for `pin`.
    private static func recorded(_ pin: Pin, in table: EnginePixelTable) -> String? {
        switch pin.group {
        case "cameras": return table.cameras[pin.name]
        case "styles": return table.styles[pin.name]
        default: return table.finishes[pin.name]
        }
    }

    /// The SHA-256 of `pin`'s frames, raw RGB one after another, rendered from the in-memory still.
    static func hash(_ pin: Pin) throws -> String {
        let render = try render(pin, source: nil)
        var bytes = Data()
        let end = pin.endsOnSmallStill ? smallStill : nil
        try render.render(render.prepare(still: pin.still, endStill: end)) { _, frame in
            bytes.append(contentsOf: frame.pixels)
        }
        return ContentHash.sha256(of: bytes)
    }

    /// The engine's run of `pin`, reading its still from `source` unless given one; it never writes
    /// its output file here.
    static func render(_ pin: Pin, source: URL?) throws -> BuiltinRender {
        let request = TakeRequest(
            backend: "builtin", engineVersion: BuiltinEngine.version, mode: .imageToVideo, prompt: "pin",
            negativePrompt: "", source: source?.lastPathComponent, sourceHash: nil, inPoint: nil,
            outPoint: nil, duration: duration, fps: try #require(FrameRate(numerator: 24)),
            size: try #require(size), seed: seed,
            settings: GenerationSettings(
                motion: pin.motion, style: pin.style, strength: pin.strength, parameters: pin.parameters))
        var framed = request
        framed.framing = pin.framing
        let render = try BuiltinRender(
            request: framed, sourceURL: source, outputURL: URL(fileURLWithPath: "/dev/null"))
        #expect(render.frameCount == 6)
        return render
    }

    /// Every frame `draw` makes for `render`.
    static func frames(_ render: BuiltinRender, _ draw: BuiltinRender.DrawFrame) throws -> [RGBFrame] {
        var frames: [RGBFrame] = []
        try render.render(draw) { _, frame in frames.append(frame) }
        return frames
    }

    /// A picture with something for every kernel, from integer arithmetic only (the same bytes on
    /// every machine): colour gradients, a fine noise texture, a dark disc, a bright box, a
    /// checkerboard with hard edges and a grey ramp along the bottom.
    static func makeStill(width: Int, height: Int) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                var hash = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663)
                hash ^= hash >> 13
                hash &*= 0x5BD1_E995
                hash ^= hash >> 15
                let noise = Int(hash % 41) - 20
                var red = x * 255 / (width - 1) + noise
                var green = y * 255 / (height - 1) + noise
                var blue = 255 - (x + y) * 255 / (width + height - 2) + noise
                let (dx, dy) = (x - width * 3 / 10, y - height * 4 / 10)
                if dx * dx + dy * dy <= (height / 6) * (height / 6) {
                    (red, green, blue) = (30 + noise / 4, 35, 120)
                }
                if (width * 5 / 8..<width * 7 / 8).contains(x) && (height / 2..<height * 7 / 8).contains(y) {
                    (red, green, blue) = (240, 210 + noise / 4, 60)
                }
                if x < width / 5 && y < height / 3 && (x / 4 + y / 4) % 2 == 0 {
                    (red, green, blue) = (250, 250, 250)
                }
                if y >= height * 15 / 16 {
                    let grey = x * 255 / (width - 1)
                    (red, green, blue) = (grey, grey, grey)
                }
                frame[x, y] = RGB(
                    red: UInt8(clamping: red), green: UInt8(clamping: green), blue: UInt8(clamping: blue))
            }
        }
        return frame
    }
}
