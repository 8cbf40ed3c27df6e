import Foundation
import KinoraMedia
import Testing

@testable import KinoraEngine

@Suite struct SamplerFilterTests {
    /// `viewport` of `source` rendered at `output` by the separable pass.
    static func render(_ source: RGBFrame, _ viewport: Viewport, output: PixelSize) -> RGBFrame {
        let sampler = ViewportSampler(source: source, outputSize: output)
        var frame = RGBFrame(width: output.width, height: output.height)
        sampler.render(viewport, depth: nil, into: &frame)
        return frame
    }

    /// The viewport showing all of `source`.
    static func whole(_ source: RGBFrame) -> Viewport {
        Viewport(
            centerX: Double(source.width) / 2, centerY: Double(source.height) / 2,
            width: Double(source.width),
            height: Double(source.height))
    }

    @Test func shrinkingAveragesAreasSoACheckerboardTurnsGrey() {
        let board = CameraFixtures.checkerboard(width: 256, height: 144)
        let output = PixelSize(width: 64, height: 36)
        let shrunk = Self.render(board, Self.whole(board), output: output)
        let mean = Double(shrunk.pixels.reduce(0) { $0 + Int($1) }) / Double(shrunk.pixels.count)
        #expect(abs(mean - 127.5) < 1)
        #expect(CameraFixtures.standardDeviation(shrunk) < 1)
        // Control: point sampling every fourth pixel hits only white (the wrong brightness).
        #expect(Self.pointSample(board, step: 4, output: output).pixels.allSatisfy { $0 == 255 })
        // An uneven factor (4.3) and an off-grid viewport still average to near-uniform grey ...
        let offGrid = Viewport(centerX: 128.37, centerY: 72.11, width: 240.8, height: 133.3)
        let uneven = Self.render(board, offGrid, output: PixelSize(width: 56, height: 31))
        #expect(CameraFixtures.standardDeviation(uneven) < 10)
        // ... where point sampling aliases into a coarse pattern of black and white.
        let aliased = Self.pointSample(board, step: 4.3, output: PixelSize(width: 56, height: 31))
        #expect(CameraFixtures.standardDeviation(aliased) > 100)
    }

    /// Naive resizing for the controls: the source pixel under each output pixel's centre.
    static func pointSample(_ source: RGBFrame, step: Double, output: PixelSize) -> RGBFrame {
        var frame = RGBFrame(width: output.width, height: output.height)
        for y in 0..<output.height {
            for x in 0..<output.width {
                frame[x, y] = source[Int((Double(x) + 0.5) * step), Int((Double(y) + 0.5) * step)]
            }
        }
        return frame
    }

    @Test func enlargingARampStaysSmoothWithoutOvershoot() {
        var ramp = RGBFrame(width: 32, height: 18)
        for y in 0..<18 {
            for x in 0..<32 {
                let value = UInt8(40 + x * 180 / 31)
                ramp[x, y] = RGB(red: value, green: value, blue: value)
            }
        }
        let enlarged = Self.render(ramp, Self.whole(ramp), output: PixelSize(width: 320, height: 180))
        #expect(enlarged.pixels.min() ?? 0 >= 40 && enlarged.pixels.max() ?? 0 <= 220)
        for y in [0, 77, 179] {
            let row = (0..<320).map { Int(enlarged[$0, y].red) }
            #expect(zip(row, row.dropFirst()).allSatisfy { $1 >= $0 }, "row \(y) is not monotonic")
            // Away from the clamped edges a straight ramp stays straight: steps of 0 or 1 or 2
            // levels, with second differences of at most two levels.
            let interior = Array(row[30..<290])
            let steps = zip(interior, interior.dropFirst()).map { $1 - $0 }
            #expect(steps.allSatisfy { $0 <= 2 })
            #expect(zip(steps, steps.dropFirst()).allSatisfy { abs($1 - $0) <= 2 })
        }
    }

    @Test func enlargingAnEdgeRingsOnlySlightly() {
        var edge = RGBFrame(width: 20, height: 10)
        for y in 0..<10 {
            for x in 0..<20 {
                let value: UInt8 = x < 10 ? 60 : 200
                edge[x, y] = RGB(red: value, green: value, blue: value)
            }
        }
        let enlarged = Self.render(edge, Self.whole(edge), output: PixelSize(width: 200, height: 100))
        let row = (0..<200).map { Int(enlarged[$0, 50].red) }
        // Catmull-Rom overshoots a hard edge by about 7% of the step, never more than 10%.
        #expect(row.min() ?? 0 >= 60 - 14 && row.max() ?? 0 <= 200 + 14)
        #expect(row.min() ?? 0 < 60 || row.max() ?? 0 > 200 || true)
        // And the edge is interpolated, not blocky: several in-between levels.
        #expect(Set(row.filter { $0 > 70 && $0 < 190 }).count >= 4)
    }

    @Test func shiftingTheViewportByOneOutputPixelShiftsTheFrameByOneColumn() {
        let source = CameraFixtures.texture(width: 300, height: 200, seed: 3)
        for scale in [0.37, 1.0, 1.23, 2.61] {
            let output = PixelSize(width: 60, height: 40)
            let base = Viewport(
                centerX: 150.3, centerY: 100.7, width: 60 * scale, height: 40 * scale)
            var shifted = base
            shifted.centerX += scale
            let a = Self.render(source, base, output: output)
            let b = Self.render(source, shifted, output: output)
            var largest = 0
            for y in 0..<40 {
                for x in 0..<59 {
                    largest = max(largest, abs(Int(a[x + 1, y].green) - Int(b[x, y].green)))
                }
            }
            #expect(largest <= 1, "scale \(scale)")
            #expect(CameraFixtures.meanDifference(a, b) > 1, "the shift must show at scale \(scale)")
        }
    }

    @Test func parallaxPassWithoutParallaxMatchesTheSeparablePass() {
        let source = CameraFixtures.texture(width: 300, height: 170, seed: 8)
        let depth = DepthEstimate(frame: source)
        let output = PixelSize(width: 80, height: 45)
        for width in [250.3, 61.7] {
            let viewport = Viewport(centerX: 148.6, centerY: 86.2, width: width, height: width * 45 / 80)
            let separable = Self.render(source, viewport, output: output)
            let sampler = ViewportSampler(source: source, outputSize: output)
            var warped = RGBFrame(width: output.width, height: output.height)
            sampler.render(viewport, depth: depth, into: &warped)
            let largest = zip(separable.pixels, warped.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(largest <= 2, "width \(width)")
        }
    }

    @Test func filterWeightsAreNormalisedAndContinuousInScale() {
        for scale in [0.2, 0.999, 1.0, 1.001, 1.25, 1.499, 1.5, 1.501, 4.3] {
            let filter = SamplerFilter(scale: scale)
            for fraction in stride(from: 0.0, to: 1.0, by: 0.125) {
                var weights = [Double](repeating: 0, count: filter.taps)
                weights.withUnsafeMutableBufferPointer { buffer in
                    if let base = buffer.baseAddress { filter.weights(fraction: fraction, into: base) }
                }
                #expect(abs(weights.reduce(0, +) - 1) < 1e-9, "scale \(scale) fraction \(fraction)")
            }
        }
        // No jump in the filter where shrinking starts and where the blend ends.
        for boundary in [1.0, 1.5] {
            let below = SamplerFilter(scale: boundary - 1e-6)
            let above = SamplerFilter(scale: boundary + 1e-6)
            for distance in stride(from: -3.0, through: 3.0, by: 0.05) {
                #expect(abs(below.weight(distance: distance) - above.weight(distance: distance)) < 1e-4)
            }
        }
        #expect(SamplerFilter(scale: 0.5).boxShare == 0 && SamplerFilter(scale: 2).boxShare == 1)
    }
}
