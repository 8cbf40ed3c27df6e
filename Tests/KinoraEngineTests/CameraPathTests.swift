import Foundation
import KinoraCore
import KinoraMedia
import Testing

@testable import KinoraEngine

@Suite struct CameraPathTests {
    /// The output size most tests use.
    static let output = PixelSize(width: 1280, height: 720)

    /// A path with the defaults most tests use.
    static func path(
        _ motion: CameraMotion, seed: UInt64 = 1, intensity: Double = 1, easing: Easing = .easeInOut,
        frames: Int = 120, source: PixelSize = PixelSize(width: 1920, height: 1080),
        output: PixelSize = output
    ) -> CameraPath {
        CameraPath(
            motion: motion, intensity: intensity, easing: easing, seed: seed, frameCount: frames,
            sourceSize: source, outputSize: output)
    }

    /// Every frame's viewport of `path`.
    static func viewports(_ path: CameraPath) -> [Viewport] {
        (0..<path.frameCount).map(path.viewport(at:))
    }

    @Test func easingCurvesAreSmoothAndMonotonic() {
        #expect(Easing.allCases.map(\.rawValue) == ["linear", "ease-in", "ease-out", "ease-in-out"])
        for easing in Easing.allCases {
            #expect(abs(easing.apply(0)) < 1e-12 && abs(easing.apply(1) - 1) < 1e-12, "\(easing)")
            var previous = easing.apply(0)
            for step in 1...200 {
                let value = easing.apply(Double(step) / 200)
                #expect(value > previous, "\(easing) must strictly increase")
                #expect(value - previous < 0.02, "\(easing) must not jump")
                previous = value
            }
            #expect(easing.apply(-1) == 0 && easing.apply(2) == 1)
        }
        #expect(Easing.easeIn.apply(0.25) < 0.25 && Easing.easeOut.apply(0.25) > 0.25)
    }

    @Test func pushInWidthStrictlyDecreasesWithSmoothSpeed() {
        for seed: UInt64 in [1, 2, 99] {
            for intensity in [0.25, 1, 2] {
                for easing in Easing.allCases {
                    let widths = Self.viewports(
                        Self.path(.pushIn, seed: seed, intensity: intensity, easing: easing)
                    )
                    .map(\.width)
                    // Per-frame zoom step, in log scale: positive (strictly narrower) ...
                    let steps = zip(widths, widths.dropFirst()).map { log($0 / $1) }
                    #expect(
                        steps.allSatisfy { $0 > 0 }, "width must shrink every frame (\(easing), \(intensity))"
                    )
                    // ... and changing gently: no step differs from the next by more than 5% of the
                    // largest, so the speed has no jumps (the second difference is bounded).
                    let largest = steps.max() ?? 0
                    let jerk = zip(steps, steps.dropFirst()).map { abs($1 - $0) }.max() ?? 0
                    #expect(jerk <= 0.05 * largest, "zoom speed jumps (\(easing), \(intensity))")
                }
            }
        }
    }

    @Test func pushInZoomsTowardsASeededFocalPoint() {
        let first = Self.viewports(Self.path(.pushIn, seed: 1))
        let second = Self.viewports(Self.path(.pushIn, seed: 2))
        #expect(first.first == second.first, "both start on the cover crop")
        let last = first[119]
        let other = second[119]
        #expect(abs(last.centerX - other.centerX) + abs(last.centerY - other.centerY) > 0.01 * last.width)
        // Viewports nest: each lies inside the one before (a zoom about a fixed point).
        for (outer, inner) in zip(first, first.dropFirst()) {
            #expect(inner.minX >= outer.minX - 1e-9 && inner.maxX <= outer.maxX + 1e-9)
            #expect(inner.minY >= outer.minY - 1e-9 && inner.maxY <= outer.maxY + 1e-9)
        }
        let pullOut = Self.viewports(Self.path(.pullOut, seed: 1)).map(\.width)
        #expect(zip(pullOut, pullOut.dropFirst()).allSatisfy { $1 > $0 })
    }

    @Test func everyViewportIsInsideTheSourceWithTheOutputShape() {
        let sources = [
            PixelSize(width: 1920, height: 1080), PixelSize(width: 4000, height: 1000),
            PixelSize(width: 600, height: 1800), PixelSize(width: 16, height: 16),
            PixelSize(width: 1, height: 1000),
            PixelSize(width: 1280, height: 720),
        ]
        let outputs = [Self.output, PixelSize(width: 100, height: 300), PixelSize(width: 1, height: 1000)]
        for motion in CameraMotion.allCases {
            for source in sources {
                for output in outputs {
                    for intensity in [1.0, 2.0] {
                        let path = Self.path(
                            motion, seed: 5, intensity: intensity, frames: 48, source: source, output: output)
                        let aspect = Double(output.width) / Double(output.height)
                        let tolerance = 1e-9 * Double(max(source.width, source.height))
                        for viewport in Self.viewports(path) {
                            let reach = viewport.maximumParallaxShift
                            let inside =
                                viewport.minX - reach >= -tolerance && viewport.minY >= -tolerance
                                && viewport.maxX + reach <= Double(source.width) + tolerance
                                && viewport.maxY <= Double(source.height) + tolerance
                            #expect(inside, "\(motion) \(source) -> \(output): \(viewport)")
                            #expect(abs(viewport.width / viewport.height / aspect - 1) < 1e-9)
                        }
                    }
                }
            }
        }
    }

    @Test func coverCropIsTheLargestCentredCropOfTheOutputShape() {
        let wide = Self.path(.static, source: PixelSize(width: 4000, height: 1000))
        #expect(abs(wide.coverHeight - 1000) < 1e-9 && abs(wide.coverWidth - 1000 * 16 / 9) < 1e-9)
        let tall = Self.path(.static, source: PixelSize(width: 600, height: 1800))
        #expect(abs(tall.coverWidth - 600) < 1e-9 && abs(tall.coverHeight - 337.5) < 1e-9)
    }

    @Test func staticIsExactlyStatic() {
        let viewports = Self.viewports(Self.path(.static, seed: 77, intensity: 2))
        let expected = Viewport(centerX: 960, centerY: 540, width: 1920, height: 1080)
        #expect(viewports.allSatisfy { $0 == expected })
    }

    @Test func sameSeedSamePathDifferentSeedDifferentPath() {
        let seeded: [CameraMotion] = [
            .pushIn, .pullOut, .panLeft, .panRight, .tiltUp, .tiltDown, .truckLeft, .truckRight, .orbit,
            .handheld, .kenBurns,
        ]
        // The largest difference between two paths, as a fraction of the frame width: framing,
        // and how far the far (depth 0) and near (depth 1) planes are shifted.
        func difference(_ a: [Viewport], _ b: [Viewport]) -> Double {
            zip(a, b).map { first, second in
                let farShift = abs(
                    first.parallax * first.parallaxPivot - second.parallax * second.parallaxPivot)
                let nearShift = abs(
                    first.parallax * (1 - first.parallaxPivot) - second.parallax * (1 - second.parallaxPivot))
                let framing = max(
                    abs(first.centerX - second.centerX), abs(first.centerY - second.centerY),
                    abs(first.width - second.width))
                return max(framing, farShift, nearShift) / first.width
            }.max() ?? 0
        }
        for motion in seeded {
            let paths = (10...16).map { Self.viewports(Self.path(motion, seed: $0)) }
            #expect(paths[0] == Self.viewports(Self.path(motion, seed: 10)), "\(motion) must repeat")
            // Every other seed is visibly different (over 0.5% of the frame, 6 pixels at 720p), and
            // some differ a lot.
            let differences = paths.dropFirst().map { difference(paths[0], $0) }
            #expect(differences.allSatisfy { $0 > 0.005 }, "\(motion): \(differences)")
            #expect(differences.contains { $0 > 0.02 }, "\(motion): \(differences)")
        }
    }

    @Test func movesGoTheWayTheirNamesSay() {
        func first(_ motion: CameraMotion) -> Viewport { Self.path(motion).viewport(at: 0) }
        func last(_ motion: CameraMotion) -> Viewport { Self.path(motion).viewport(at: 119) }
        #expect(last(.panRight).centerX > first(.panRight).centerX + 50)
        #expect(last(.panLeft).centerX < first(.panLeft).centerX - 50)
        #expect(last(.tiltDown).centerY > first(.tiltDown).centerY + 30)
        #expect(last(.tiltUp).centerY < first(.tiltUp).centerY - 30)
        #expect(last(.truckRight).centerX > first(.truckRight).centerX)
        #expect(last(.truckRight).parallax > first(.truckRight).parallax)
        #expect(last(.truckLeft).parallax < first(.truckLeft).parallax)
        #expect(last(.pullOut).width > first(.pullOut).width * 1.2)
        #expect(Self.path(.orbit).viewport(at: 0).parallax * Self.path(.orbit).viewport(at: 119).parallax < 0)
    }

    @Test func panZoomsInWhenTheSourceHasNoRoomToSpare() {
        let path = Self.path(.panRight, source: Self.output)
        let start = path.viewport(at: 0)
        let end = path.viewport(at: 119)
        #expect(start.width < 1280 && start.width > 1000)
        #expect(end.centerX - start.centerX > 0.1 * start.width)
        // A panorama is crossed further, without zooming in.
        let panorama = Self.path(.panRight, source: PixelSize(width: 4000, height: 720))
        #expect(panorama.viewport(at: 0).width > 1280 / 1.05, "only a slight zoom, for the drift")
        #expect(panorama.viewport(at: 119).centerX - panorama.viewport(at: 0).centerX > 0.4 * 1280)
    }

    @Test func everyMoveIsContinuous() {
        for motion in CameraMotion.allCases {
            let viewports = Self.viewports(Self.path(motion, seed: 3, intensity: 2))
            for (a, b) in zip(viewports, viewports.dropFirst()) {
                let step = max(
                    abs(a.centerX - b.centerX), abs(a.centerY - b.centerY), abs(a.width - b.width),
                    abs(a.parallax - b.parallax))
                #expect(step < 0.01 * a.width, "\(motion) jumps by \(step) between \(a) and \(b)")
            }
        }
    }

    @Test func zeroIntensityHoldsStill() {
        for motion in CameraMotion.allCases {
            let viewports = Self.viewports(Self.path(motion, intensity: 0, frames: 10))
            #expect(Set(viewports).count == 1, "\(motion) moves at intensity 0")
        }
    }
}
