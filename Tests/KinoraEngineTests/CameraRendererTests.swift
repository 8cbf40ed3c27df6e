import Foundation
import KinoraCore
import KinoraMedia
import Testing

@testable import KinoraEngine

@Suite struct CameraRendererTests {
    /// A small output, so debug builds stay fast.
    static let output = PixelSize(width: 96, height: 54)

    /// A renderer with the defaults most tests use.
    static func renderer(
        _ motion: CameraMotion, source: RGBFrame, seed: UInt64 = 1, intensity: Double = 1, frames: Int = 24,
        output: PixelSize = output
    ) -> CameraMoveRenderer {
        CameraMoveRenderer(
            source: source, outputSize: output, motion: motion, intensity: intensity, seed: seed,
            frameCount: frames)
    }

    @Test func sameSeedGivesByteIdenticalFrames() {
        let source = CameraFixtures.texture(width: 240, height: 160)
        for motion: CameraMotion in [.pushIn, .kenBurns, .handheld, .truckRight, .orbit, .panLeft] {
            let first = Self.renderer(motion, source: source, seed: 42)
            let second = Self.renderer(motion, source: source, seed: 42)
            // The second renderer visits the frames in another order: results must not depend on it.
            let indices = [0, 7, 12, 23]
            let a = indices.map { CameraFixtures.fingerprint(first.render(frame: $0)) }
            let b = indices.reversed().map { CameraFixtures.fingerprint(second.render(frame: $0)) }.reversed()
            #expect(a == Array(b), "\(motion) is not reproducible")
            #expect(Set(a).count > 1, "\(motion) does not move")
        }
    }

    @Test func renderingTheSameFrameRepeatedlyIsBitIdentical() {
        let source = CameraFixtures.texture(width: 300, height: 200)
        let renderer = Self.renderer(.pushIn, source: source, output: PixelSize(width: 160, height: 90))
        let reference = renderer.render(frame: 9)
        for _ in 0..<10 {
            #expect(renderer.render(frame: 9) == reference)
        }
    }

    @Test func differentSeedsGiveDifferentFrames() {
        let source = CameraFixtures.texture(width: 240, height: 160)
        for motion: CameraMotion in [.pushIn, .kenBurns, .handheld, .panRight, .orbit] {
            let a = Self.renderer(motion, source: source, seed: 1).render(frame: 17)
            let b = Self.renderer(motion, source: source, seed: 2).render(frame: 17)
            #expect(CameraFixtures.meanDifference(a, b) > 2, "\(motion) ignores the seed")
        }
    }

    @Test(arguments: CameraMotion.allCases)
    func noMotionEverShowsABlackBorder(motion: CameraMotion) {
        let sources = [
            CameraFixtures.texture(width: 400, height: 150, seed: 2),  // wider than the output
            CameraFixtures.texture(width: 150, height: 400, seed: 3),  // taller
            CameraFixtures.texture(width: 160, height: 90, seed: 4),  // the output's shape
            CameraFixtures.texture(width: 7, height: 5, seed: 5),  // tiny
        ]
        let outputs = [Self.output, PixelSize(width: 40, height: 72)]
        for source in sources {
            for output in outputs {
                for intensity in [1.0, 2.0] {
                    let renderer = Self.renderer(
                        motion, source: source, seed: 9, intensity: intensity, frames: 30, output: output)
                    for index in [0, 14, 29] {
                        let frame = renderer.render(frame: index)
                        // The texture never goes below 50; a little cubic undershoot is fine, black is not.
                        #expect(
                            CameraFixtures.darkestEdge(frame) >= 30,
                            "\(source.size) -> \(output) frame \(index) has a dark edge")
                    }
                }
            }
        }
    }

    @Test func parallaxWarpLeavesNoHoles() {
        let source = CameraFixtures.texture(width: 320, height: 180, seed: 6)
        for motion: CameraMotion in [.truckLeft, .truckRight, .orbit] {
            let renderer = Self.renderer(motion, source: source, intensity: 2, frames: 12)
            for index in [0, 6, 11] {
                #expect(renderer.render(frame: index).pixels.min() ?? 0 >= 30, "\(motion) frame \(index)")
            }
        }
    }

    @Test func renderIntoReusesTheOutputStorage() {
        let source = CameraFixtures.texture(width: 200, height: 120)
        let renderer = Self.renderer(.pushIn, source: source)
        var output = RGBFrame(width: 96, height: 54)
        let before = output.pixels.withUnsafeBufferPointer { $0.baseAddress }
        renderer.render(frame: 5, into: &output)
        let after = output.pixels.withUnsafeBufferPointer { $0.baseAddress }
        #expect(before == after)
        #expect(output == renderer.render(frame: 5))
        var wrongSize = RGBFrame(width: 3, height: 3)
        renderer.render(frame: 5, into: &wrongSize)
        #expect(wrongSize == output)
    }

    @Test func tinySourceEnlargesSmoothlyToHD() {
        var source = RGBFrame(width: 16, height: 16)
        for y in 0..<16 {
            for x in 0..<16 {
                let value = UInt8(40 + 200 * SeededRandom.hashUnit(seed: 3, UInt64(x), UInt64(y)))
                source[x, y] = RGB(red: value, green: 255 - value, blue: 128)
            }
        }
        let hd = PixelSize(width: 1280, height: 720)
        let renderer = Self.renderer(.pushIn, source: source, frames: 10, output: hd)
        // The tightest frame: the largest enlargement (one frame: this is slow in a debug build).
        for index in [9] {
            let frame = renderer.render(frame: index)
            #expect(frame.size == hd)
            #expect(CameraFixtures.darkestEdge(frame) > 0)
            // Enlarged about 80 times: neighbours differ by a few levels, never by a whole source step.
            var largestStep = 0
            for y in stride(from: 0, to: 720, by: 7) {
                for x in 1..<1280 {
                    largestStep = max(largestStep, abs(Int(frame[x, y].red) - Int(frame[x - 1, y].red)))
                }
            }
            #expect(largestStep <= 12)
            #expect(CameraFixtures.standardDeviation(frame) > 10, "the picture must still show the source")
        }
    }

    @Test func oddShapesWork() {
        let sliver = CameraFixtures.texture(width: 1, height: 1000, seed: 8)
        let fromSliver = Self.renderer(.kenBurns, source: sliver).render(frame: 12)
        #expect(fromSliver.size == Self.output && CameraFixtures.darkestEdge(fromSliver) >= 30)
        let wide = CameraFixtures.texture(width: 300, height: 200, seed: 9)
        for motion in CameraMotion.allCases {
            let column = Self.renderer(motion, source: wide, output: PixelSize(width: 1, height: 1000))
                .render(frame: 20)
            #expect(column.size == PixelSize(width: 1, height: 1000))
            #expect(column.pixels.min() ?? 0 >= 30, "\(motion)")
        }
    }

    @Test func videoFramesReplaceTheSource() {
        let first = CameraFixtures.texture(width: 200, height: 120, seed: 1)
        let second = CameraFixtures.texture(width: 200, height: 120, seed: 2)
        for motion: CameraMotion in [.pushIn, .truckRight] {
            let renderer = Self.renderer(motion, source: first)
            var output = RGBFrame(width: 1, height: 1)
            renderer.render(frame: 8, source: first, into: &output)
            #expect(output == Self.renderer(motion, source: first).render(frame: 8))
            renderer.render(frame: 8, source: second, into: &output)
            // Same camera, new picture: exactly what a renderer made from that picture draws.
            #expect(output == Self.renderer(motion, source: second).render(frame: 8), "\(motion)")
            #expect(renderer.render(frame: 8) == output, "the video frame stays the source")
        }
    }
}
