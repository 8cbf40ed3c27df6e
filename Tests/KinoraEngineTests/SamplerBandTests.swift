import Foundation
import KinoraMedia
import Testing

@testable import KinoraEngine

@Suite struct SamplerBandTests {
    /// Each output row is computed by one fixed sequence of operations, so cutting the frame into
    /// more or fewer bands (run on more or fewer threads) must not change a single byte.
    @Test func resultsDoNotDependOnHowRowsAreSplit() {
        let source = CameraFixtures.texture(width: 300, height: 170, seed: 4)
        let output = PixelSize(width: 90, height: 61)
        let depth = DepthEstimate(frame: source)
        let viewports = [
            Viewport(centerX: 150.2, centerY: 85.1, width: 250, height: 250 * 61 / 90),  // shrinking
            Viewport(centerX: 140.7, centerY: 90.3, width: 60.3, height: 60.3 * 61 / 90),  // enlarging
            Viewport(
                centerX: 150, centerY: 85, width: 200, height: 200 * 61 / 90, parallax: 9.5,
                parallaxPivot: 0.4),
        ]
        for viewport in viewports {
            var frames: [RGBFrame] = []
            for bands in [1, 2, 7, 61] {
                let sampler = ViewportSampler(source: source, outputSize: output, bands: bands)
                var frame = RGBFrame(width: output.width, height: output.height)
                sampler.render(viewport, depth: viewport.parallax == 0 ? nil : depth, into: &frame)
                frames.append(frame)
            }
            #expect(frames.allSatisfy { $0 == frames[0] }, "\(viewport)")
            #expect(CameraFixtures.standardDeviation(frames[0]) > 5)
        }
    }
}
