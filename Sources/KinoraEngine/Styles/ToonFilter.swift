import Foundation

/// Toon: edge-preserving smoothing, flat colour from posterised luma and chroma, and dark ink
/// lines where the smoothed luma has a strong edge.
///
/// Every threshold is fixed (no per-frame statistics), so a still picture gives a still result
/// and slowly changing pictures do not flicker between levels.
final class ToonFilter: StyleFilter {
    private let width: Int
    private let height: Int
    /// The smoothed picture.
    private let planes: YCbCr.Planes
    /// Pass outputs while smoothing, then the edge map and its thickened copy.
    private let scratch: YCbCr.Planes
    private let smoothing: BilateralFilter
    /// Horizontal-then-vertical bilateral rounds; two flatten texture without melting edges.
    private let rounds = 2
    /// Pixels the ink lines grow by on each side.
    private let inkGrowth: Int

    /// Chroma step of the posterise, in Cb/Cr units (about ±128 full scale).
    private static let chromaStep: Float = 14
    /// Chroma gain before posterising: flat toon colours read better a little richer.
    private static let chromaGain: Float = 1.25
    /// Luma bands; each takes its centre value.
    private static let levelCount = 6
    /// Edge strength (luma difference across two pixels) where ink starts and where it is solid.
    private static let inkThresholds: (Float, Float) = (14, 34)

    /// A toon filter for frames of `width` × `height`.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let scale = PixelMath.scale(width: width, height: height)
        planes = YCbCr.Planes(width: width, height: height)
        scratch = YCbCr.Planes(width: width, height: height)
        smoothing = BilateralFilter(spatialSigma: max(0.6, 1.2 * scale), rangeCutoff: 30)
        inkGrowth = Int(scale.rounded())
    }

    /// Applies the look; `frameIndex` is ignored (toon does not move on its own).
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        YCbCr.split(pixels, into: planes)
        for _ in 0..<rounds {
            smoothing.horizontal(from: planes, to: scratch)
            smoothing.vertical(from: scratch, to: planes)
        }
        detectEdges(from: planes.luma, to: scratch.luma)
        if inkGrowth > 0 {
            MaxFilter.horizontal(from: scratch.luma, to: scratch.cb, radius: inkGrowth)
            MaxFilter.vertical(from: scratch.cb, to: scratch.luma, radius: inkGrowth)
        }
        compose(into: pixels, ink: scratch.luma)
    }

    /// Ink amount 0...1 per pixel from the Sobel gradient of `luma`.
    private func detectEdges(from luma: Plane<Float>, to ink: Plane<Float>) {
        let width = width
        let lastRow = height - 1
        let (start, full) = Self.inkThresholds
        let inverseRange = 1 / (full - start)
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let above = luma.row(max(0, y - 1))
                let centre = luma.row(y)
                let below = luma.row(min(lastRow, y + 1))
                let output = ink.row(y)
                // Interior columns through shifted pointers (vectorises); the two ends clamp.
                if width > 2 {
                    let (aboveLeft, aboveRight) = (above - 1, above + 1)
                    let (centreLeft, centreRight) = (centre - 1, centre + 1)
                    let (belowLeft, belowRight) = (below - 1, below + 1)
                    for x in 1..<(width - 1) {
                        let gradientX =
                            (aboveRight[x] + 2 * centreRight[x] + belowRight[x])
                            - (aboveLeft[x] + 2 * centreLeft[x] + belowLeft[x])
                        let gradientY =
                            (belowLeft[x] + 2 * below[x] + belowRight[x])
                            - (aboveLeft[x] + 2 * above[x] + aboveRight[x])
                        output[x] = Self.ink(gradientX, gradientY, start: start, inverseRange: inverseRange)
                    }
                }
                for x in stride(from: 0, to: width, by: max(1, width - 1)) {
                    let left = max(0, x - 1)
                    let right = min(width - 1, x + 1)
                    let gradientX =
                        (above[right] + 2 * centre[right] + below[right])
                        - (above[left] + 2 * centre[left] + below[left])
                    let gradientY =
                        (below[left] + 2 * below[x] + below[right])
                        - (above[left] + 2 * above[x] + above[right])
                    output[x] = Self.ink(gradientX, gradientY, start: start, inverseRange: inverseRange)
                }
            }
        }
    }

    /// Ink for one Sobel gradient: a smooth step between the two fixed thresholds.
    @inline(__always)
    private static func ink(_ gradientX: Float, _ gradientY: Float, start: Float, inverseRange: Float)
        -> Float
    {
        // A quarter of the Sobel magnitude is the luma step across the edge.
        let strength = 0.25 * (gradientX * gradientX + gradientY * gradientY).squareRoot()
        let t = min(1, max(0, (strength - start) * inverseRange))
        return t * t * (3 - 2 * t)
    }

    /// Posterises the smoothed planes, darkens them by `ink` and writes rgb24.
    private func compose(into pixels: UnsafeMutablePointer<UInt8>, ink: Plane<Float>) {
        let width = width
        let planes = planes
        let step = Self.chromaStep
        let inverseStep = Self.chromaGain / step
        let bandWidth = 256 / Float(Self.levelCount)
        let inverseBand = 1 / bandWidth
        // Band borders ramp over two luma levels so posterised edges are not jagged.
        let rampScale = bandWidth / 2
        let lowest = bandWidth / 2
        let highest = 256 - bandWidth / 2
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let lumaRow = planes.luma.row(y)
                let cbRow = planes.cb.row(y)
                let crRow = planes.cr.row(y)
                let inkRow = ink.row(y)
                let output = pixels + y &* width &* 3
                for x in 0..<width {
                    // Fixed bands: the nearest border k, then a ramp from the centre of band
                    // k - 1 to the centre of band k within one level either side of it.
                    let position = lumaRow[x] * inverseBand
                    let border = PixelMath.rounded(position)
                    let ramp = min(1, max(0, (position - border) * rampScale + 0.5))
                    let level = min(highest, max(lowest, (border - 0.5 + ramp) * bandWidth))
                    // Fixed chroma steps: the nearest multiple of `step` after the gain.
                    let cb = PixelMath.rounded(cbRow[x] * inverseStep) * step
                    let cr = PixelMath.rounded(crRow[x] * inverseStep) * step
                    let paper = 1 - 0.9 * inkRow[x]
                    let (red, green, blue) = YCbCr.rgb(luma: level * paper, cb: cb * paper, cr: cr * paper)
                    // Wrapping index arithmetic: no overflow checks, so the stores can vectorise.
                    output[3 &* x] = PixelMath.byte(red)
                    output[3 &* x &+ 1] = PixelMath.byte(green)
                    output[3 &* x &+ 2] = PixelMath.byte(blue)
                }
            }
        }
    }
}
