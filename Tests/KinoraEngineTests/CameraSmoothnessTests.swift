import Foundation
import KinoraCore
import KinoraMedia
import Testing

@testable import KinoraEngine

/// Smoothness measured on rendered pixels, not only on the path.
@Suite struct CameraSmoothnessTests {
    /// Tracks a soft dark spot through a push-in: it must sit where the path says to a small
    /// fraction of a pixel in every frame, and move by smoothly changing amounts, never backwards.
    @Test(arguments: [Easing.linear, .easeInOut])
    func spotInAPushInMovesSmoothlyAndSubPixelAccurately(easing: Easing) {
        let output = PixelSize(width: 160, height: 90)
        let size = PixelSize(width: 480, height: 270)
        let path = CameraPath(
            motion: .pushIn, easing: easing, seed: 4, frameCount: 24, sourceSize: size, outputSize: output)
        // Put the spot well inside the last (tightest) viewport, off the focal point.
        let tightest = path.viewport(at: 23)
        let spotX = tightest.centerX + 0.3 * tightest.width
        let spotY = tightest.centerY - 0.3 * tightest.height
        let source = CameraFixtures.spot(width: size.width, height: size.height, x: spotX, y: spotY, sigma: 5)
        let renderer = CameraMoveRenderer(
            source: source, outputSize: output, motion: .pushIn, easing: easing, seed: 4, frameCount: 24)
        var frame = RGBFrame(width: output.width, height: output.height)
        var positions: [Double] = []
        for index in 0..<24 {
            renderer.render(frame: index, into: &frame)
            let measured = CameraFixtures.spotCentroid(frame)
            let viewport = path.viewport(at: index)
            let expectedX = (spotX - viewport.minX) / viewport.width * Double(output.width)
            let expectedY = (spotY - viewport.minY) / viewport.height * Double(output.height)
            #expect(abs(measured.x - expectedX) < 0.1 && abs(measured.y - expectedY) < 0.1, "frame \(index)")
            positions.append(measured.x)
        }
        let steps = zip(positions, positions.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { $0 > 0 }, "the spot moved backwards: \(steps)")
        let largest = steps.max() ?? 0
        for index in steps.indices.dropFirst().dropLast() {
            let neighbours = max(steps[index - 1], steps[index + 1])
            #expect(steps[index] <= 2 * neighbours, "spike at step \(index): \(steps)")
            #expect(
                abs(steps[index + 1] - steps[index]) <= 0.25 * largest, "uneven at step \(index): \(steps)")
        }
        if easing == .linear {
            // Constant zoom speed: the spot's steps grow only gently, frame to frame.
            for (a, b) in zip(steps, steps.dropFirst()) {
                #expect(b / a > 0.9 && b / a < 1.2, "\(steps)")
            }
        }
    }

    /// A slow zoom must change consecutive frames by similar amounts: a viewport snapped to whole
    /// pixels (the stair-step jitter of naive zooms) makes some frames still and others jump.
    @Test func consecutiveFramesOfASlowPushInDifferEvenly() {
        let source = CameraFixtures.texture(width: 384, height: 216, seed: 12)
        let renderer = CameraMoveRenderer(
            source: source, outputSize: PixelSize(width: 192, height: 108), motion: .pushIn, intensity: 0.1,
            easing: .linear, seed: 1, frameCount: 30)
        var previous = renderer.render(frame: 0)
        var differences: [Double] = []
        for index in 1..<30 {
            let frame = renderer.render(frame: index)
            differences.append(CameraFixtures.meanDifference(previous, frame))
            previous = frame
        }
        let smallest = differences.min() ?? 0
        let largest = differences.max() ?? 0
        #expect(smallest > 0.2, "some frames did not move: \(differences)")
        #expect(largest < 1.5 * smallest, "uneven frame-to-frame change: \(differences)")
    }
}
