import Foundation
import KinoraCore
import KinoraMedia
import Testing

@testable import KinoraEngine

@Suite struct CameraParallaxTests {
    /// A picture with the same kind of texture everywhere: only "lower is nearer" tells depth.
    static let evenTexture = CameraFixtures.noise(width: 480, height: 270, seed: 21)

    @Test func depthIsSmoothInRangeAndNearerLower() {
        let depth = DepthEstimate(frame: Self.evenTexture)
        #expect(depth.values.allSatisfy { (0...1).contains($0) })
        #expect((depth.values.min() ?? 1) < 0.05 && (depth.values.max() ?? 0) > 0.95)
        func rowMean(_ y: Int) -> Float {
            (0..<depth.width).reduce(0) { $0 + depth.values[y * depth.width + $1] } / Float(depth.width)
        }
        #expect(rowMean(depth.height - 1) > rowMean(0) + 0.5)
        // Smooth: neighbouring cells differ by little.
        for y in 0..<depth.height {
            for x in 1..<depth.width {
                #expect(abs(depth.values[y * depth.width + x] - depth.values[y * depth.width + x - 1]) < 0.1)
            }
        }
    }

    @Test func aBusyColourfulSubjectComesForward() {
        // A flat grey picture with a detailed, saturated patch in the upper middle.
        var frame = RGBFrame(width: 320, height: 180, fill: RGB(red: 120, green: 120, blue: 120))
        for y in 40..<90 {
            for x in 130..<190 {
                let bright = (x / 2 + y / 2) % 2 == 0
                frame[x, y] = bright ? RGB(red: 250, green: 40, blue: 30) : RGB(red: 40, green: 200, blue: 60)
            }
        }
        let depth = DepthEstimate(frame: frame)
        let size = frame.size
        // The patch is nearer than the plain grey beside it at the same height.
        #expect(
            depth.depth(x: 160, y: 65, sourceSize: size) > depth.depth(x: 30, y: 65, sourceSize: size) + 0.1)
    }

    @Test func truckSlidesNearThingsFurtherThanFarThings() {
        let output = PixelSize(width: 160, height: 90)
        let renderer = CameraMoveRenderer(
            source: Self.evenTexture, outputSize: output, motion: .truckRight, intensity: 2, seed: 5,
            frameCount: 20)
        let first = renderer.render(frame: 0)
        let last = renderer.render(frame: 19)
        let far = CameraFixtures.horizontalShift(from: first, to: last, rows: 2..<14, reach: 60)
        let near = CameraFixtures.horizontalShift(from: first, to: last, rows: 76..<88, reach: 60)
        // Moving right, the picture slides left, and the near bottom slides further.
        #expect(far < 0 && near < 0)
        #expect(near < far - 3, "near \(near) far \(far)")
    }

    @Test func orbitSlidesNearAndFarOppositeWays() {
        let output = PixelSize(width: 160, height: 90)
        let renderer = CameraMoveRenderer(
            source: Self.evenTexture, outputSize: output, motion: .orbit, intensity: 2, seed: 5,
            frameCount: 20)
        let first = renderer.render(frame: 0)
        let last = renderer.render(frame: 19)
        let far = CameraFixtures.horizontalShift(from: first, to: last, rows: 2..<14, reach: 40)
        let near = CameraFixtures.horizontalShift(from: first, to: last, rows: 76..<88, reach: 40)
        #expect(far * near < 0, "far \(far) and near \(near) must move opposite ways")
        #expect(abs(far) >= 2 && abs(near) >= 2)
    }
}
