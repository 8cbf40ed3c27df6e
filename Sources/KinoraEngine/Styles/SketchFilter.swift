import Foundation

/// Sketch: an XDoG pencil drawing (difference of Gaussians with a soft tanh threshold) in grey
/// graphite on a seeded, textured paper.
///
/// The paper is made once per seed and size, so a still picture gives a still drawing.
final class SketchFilter: StyleFilter {
    private let width: Int
    private let height: Int
    private let luma: Plane<Float>
    private let fine: Plane<Float>
    private let coarse: Plane<Float>
    private let scratch: Plane<Float>
    private let fineBlur: GaussianBlur
    private let coarseBlur: GaussianBlur
    /// Paper brightness per pixel (about 0.93...1): fibres and faint blotches.
    private let paper: Plane<Float>
    /// Paper tooth per pixel, 0...1: graphite catches on the high spots, so strokes break up.
    private let tooth: Plane<Float>
    /// XDoG response → pencil tone (1 paper, 0 full graphite), over `responseRange`.
    private let toneTable: Plane<Float>

    /// XDoG sharpening: the response is `(1 + p) G(σ) - p G(kσ)`.
    private static let sharpening: Float = 19
    /// XDoG threshold: responses above it are paper.
    private static let threshold: Float = 0.36
    /// XDoG softness: the slope of the tanh below the threshold.
    private static let steepness: Float = 2.2
    /// Ratio of the two Gaussians' widths (the classic 1.6 approximates a Laplacian of Gaussian).
    private static let widthRatio = 1.6
    /// Responses the tone table covers; below it the tone is 0, above it 1.
    private static let responseRange: ClosedRange<Float> = (threshold - 4 / steepness)...threshold
    /// Paper colour, warm white.
    private static let paperColour: (Float, Float, Float) = (247, 243, 233)
    /// Graphite colour, a cool grey rather than black.
    private static let graphiteColour: (Float, Float, Float) = (58, 58, 64)

    /// A sketch filter for frames of `width` × `height`, its paper made from `seed`.
    init(width: Int, height: Int, seed: UInt64) {
        self.width = width
        self.height = height
        let scale = PixelMath.scale(width: width, height: height)
        let sigma = max(0.5, 1.1 * scale)
        luma = Plane(width: width, height: height, value: 0)
        fine = Plane(width: width, height: height, value: 0)
        coarse = Plane(width: width, height: height, value: 0)
        scratch = Plane(width: width, height: height, value: 0)
        fineBlur = GaussianBlur(sigma: sigma)
        coarseBlur = GaussianBlur(sigma: sigma * Self.widthRatio)
        paper = Plane(width: width, height: height, value: 1)
        tooth = Plane(width: width, height: height, value: 0.5)
        toneTable = Plane(values: Self.tones())
        makePaper(seed: seed, scale: scale)
    }

    /// Applies the look; `frameIndex` is ignored (the paper is fixed per seed, not per frame).
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        YCbCr.split(pixels, luma: luma)
        fineBlur.horizontal(from: luma, to: scratch)
        fineBlur.vertical(from: scratch, to: fine)
        coarseBlur.horizontal(from: luma, to: scratch)
        coarseBlur.vertical(from: scratch, to: coarse)
        compose(into: pixels)
    }

    /// XDoG tone per pixel, drawn as graphite on the paper, written as rgb24.
    private func compose(into pixels: UnsafeMutablePointer<UInt8>) {
        let width = width
        let fine = fine
        let coarse = coarse
        let paper = paper
        let tooth = tooth
        let tones = toneTable.base
        let lastTone = toneTable.width - 1
        let sharpening = Self.sharpening / 255
        let lowest = Self.responseRange.lowerBound
        let tableScale = Float(lastTone) / (Self.responseRange.upperBound - lowest)
        let (paperRed, paperGreen, paperBlue) = Self.paperColour
        let (leadRed, leadGreen, leadBlue) = Self.graphiteColour
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let fineRow = fine.row(y)
                let coarseRow = coarse.row(y)
                let paperRow = paper.row(y)
                let toothRow = tooth.row(y)
                let output = pixels + y * width * 3
                for x in 0..<width {
                    let response = fineRow[x] / 255 + sharpening * (fineRow[x] - coarseRow[x])
                    let index = PixelMath.index((response - lowest) * tableScale, limit: lastTone)
                    // Graphite is a little lighter in the paper's hollows.
                    let graphite = (1 - tones[index]) * (0.8 + 0.2 * toothRow[x])
                    let shade = paperRow[x]
                    output[3 &* x] = PixelMath.byte(
                        shade * paperRed + (leadRed - shade * paperRed) * graphite)
                    output[3 &* x &+ 1] = PixelMath.byte(
                        shade * paperGreen + (leadGreen - shade * paperGreen) * graphite)
                    output[3 &* x &+ 2] = PixelMath.byte(
                        shade * paperBlue + (leadBlue - shade * paperBlue) * graphite)
                }
            }
        }
    }

    /// The XDoG soft threshold `1 + tanh(φ (r - ε))` over `responseRange` in 1024 steps.
    private static func tones() -> [Float] {
        let lowest = responseRange.lowerBound
        let step = (responseRange.upperBound - lowest) / 1023
        return (0..<1024).map { index in
            let response = lowest + Float(index) * step
            return max(0, min(1, 1 + Foundation.tanh(steepness * (response - threshold))))
        }
    }

    /// Fills `paper` and `tooth` from `seed`: hashed white noise smeared sideways into fibres,
    /// plus coarse blotches.
    private func makePaper(seed: UInt64, scale: Double) {
        let noise = Plane<Float>(width: width, height: height, value: 0)
        let blotches = Plane<Float>(width: width, height: height, value: 0)
        let width = width
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let noiseRow = noise.row(y)
                let blotchRow = blotches.row(y)
                for x in 0..<width {
                    noiseRow[x] = Float(SeededRandom.hashUnit(seed: seed, 0x7061_7065, UInt64(x), UInt64(y)))
                    blotchRow[x] = Float(SeededRandom.hashUnit(seed: seed, 0x626C_6F74, UInt64(x), UInt64(y)))
                }
            }
        }
        // Tooth: fine grain, slightly elongated sideways like laid paper.
        let across = GaussianBlur(sigma: max(0.4, 0.9 * scale))
        let down = GaussianBlur(sigma: max(0.3, 0.5 * scale))
        across.horizontal(from: noise, to: scratch)
        down.vertical(from: scratch, to: tooth)
        // Blotches: white noise blurred wide, so only gentle variations survive.
        let wide = GaussianBlur(sigma: max(2, 12 * scale))
        wide.apply(to: blotches, scratch: scratch)
        // Uniform noise has deviation 1/√12; the blurs shrink it by their noise gains. Dividing
        // both back out makes the texture's contrast the same at every resolution.
        let toothSpread = Float(12.0.squareRoot() / (across.noiseGain * down.noiseGain))
        let blotchSpread = Float(12.0.squareRoot() / (wide.noiseGain * wide.noiseGain))
        let tooth = tooth
        let paper = paper
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let toothRow = tooth.row(y)
                let blotchRow = blotches.row(y)
                let paperRow = paper.row(y)
                for x in 0..<width {
                    // Standard normal values, brought into 0...1 (grain) and -1...1 (blotch).
                    let grain = min(1, max(0, 0.5 + 0.22 * (toothRow[x] - 0.5) * toothSpread))
                    let blotch = 0.4 * (blotchRow[x] - 0.5) * blotchSpread
                    toothRow[x] = grain
                    paperRow[x] = 0.985 - 0.03 * grain - 0.02 * min(1, max(-1, blotch))
                }
            }
        }
    }
}
