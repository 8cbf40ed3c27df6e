import Foundation

/// VHS: soft luma, chroma smeared and shifted to the right, washed-out colour, scanlines, and
/// per-frame tape faults (line jitter, a rolling tracking band, head-switching noise at the
/// bottom) with grain.
///
/// The faults and grain move from frame to frame, but only as a function of the seed and the
/// frame index: the same frame of the same take is always the same.
final class VHSFilter: StyleFilter {
    private let width: Int
    private let height: Int
    private let seed: UInt64
    private let scale: Double
    private let planes: YCbCr.Planes
    private let smeared: YCbCr.Planes
    private let lumaBlur: GaussianBlur
    private let chromaBlur: GaussianBlur
    /// How far chroma lands to the right of luma, in pixels.
    private let chromaShift: Int
    /// Per-row horizontal displacement for the current frame.
    private let rowShifts: Plane<Int32>
    /// Per-row noise strength for the current frame, 0...1 (tracking band, head switching).
    private let rowNoise: Plane<Float>
    /// Per-row brightness from the scanline pattern.
    private let scanlines: Plane<Float>
    /// Width in pixels of one grain speck: tape noise is streaky, wider than tall.
    private let grainWidth: Int

    /// Colour kept of the original saturation.
    private static let saturation: Float = 0.78
    /// Grain amplitude in luma levels (peak to peak).
    private static let grainAmount: Float = 14

    /// A VHS filter for frames of `width` × `height`, its faults drawn from `seed`.
    init(width: Int, height: Int, seed: UInt64) {
        self.width = width
        self.height = height
        self.seed = seed
        scale = PixelMath.scale(width: width, height: height)
        planes = YCbCr.Planes(width: width, height: height)
        smeared = YCbCr.Planes(width: width, height: height)
        lumaBlur = GaussianBlur(sigma: 1.1 * scale)
        chromaBlur = GaussianBlur(sigma: max(1, 5 * scale))
        chromaShift = max(1, Int((4 * scale).rounded()))
        rowShifts = Plane(width: height, height: 1, value: 0)
        rowNoise = Plane(width: height, height: 1, value: 0)
        let period = max(2, Int((2 * scale).rounded()))
        scanlines = Plane(
            values: (0..<max(1, height)).map { y in
                // A raised cosine per line pair: full brightness mid-line, 16% darker between.
                let phase = Double(y % period) / Double(period)
                return Float(1 - 0.16 * (0.5 - 0.5 * cos(2 * Double.pi * phase)))
            })
        grainWidth = max(1, Int((2 * scale).rounded()))
    }

    /// Applies the look for frame `frameIndex`.
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        planRows(frameIndex: frameIndex)
        YCbCr.split(pixels, into: planes)
        lumaBlur.horizontal(from: planes.luma, to: smeared.luma, rowShifts: rowShifts)
        chromaBlur.horizontal(from: planes.cb, to: smeared.cb, shift: chromaShift, rowShifts: rowShifts)
        chromaBlur.horizontal(from: planes.cr, to: smeared.cr, shift: chromaShift, rowShifts: rowShifts)
        compose(into: pixels, frameIndex: frameIndex)
    }

    /// Fills `rowShifts` and `rowNoise` for one frame: a slow wobble with per-line jitter, a
    /// tracking band rolling down the picture, and the head-switching tear at the bottom.
    private func planRows(frameIndex: Int) {
        let frame = UInt64(bitPattern: Int64(frameIndex))
        let height = Double(height)
        // The band rolls down about a fifth of the picture per second at 24 fps, wrapping with a
        // gap; where it starts depends on the seed.
        let cycle = height * 1.6
        let start = SeededRandom.hashUnit(seed: seed, 0x7472_6163) * cycle
        let bandCentre =
            (start + Double(frameIndex) * height / 120).truncatingRemainder(dividingBy: cycle) - 0.3 * height
        let bandHalf = max(3, 0.035 * height)
        let tearRows = max(2, Int((0.018 * height).rounded()))
        let wobblePhase = SeededRandom.hashUnit(seed: seed, 0x776F_6262, frame) * 2 * Double.pi
        for y in 0..<self.height {
            let line = Double(y)
            var shift = 0.6 * scale * sin(2 * Double.pi * line / height * 1.5 + wobblePhase)
            shift += (SeededRandom.hashUnit(seed: seed, 0x6A69_7474, frame, UInt64(y)) - 0.5) * 1.2 * scale
            var noise = 0.0
            let inBand = 1 - abs(line - bandCentre) / bandHalf
            if inBand > 0 {
                let kick = SeededRandom.hashUnit(seed: seed, 0x6B69_636B, frame, UInt64(y))
                shift += inBand * (4 + 10 * kick) * scale
                noise = inBand * inBand
            }
            if y >= self.height - tearRows {
                let depth = Double(y - (self.height - tearRows) + 1) / Double(tearRows)
                shift += (8 + 16 * depth) * scale
                noise = max(noise, 0.5 * depth)
            }
            rowShifts.base[y] = Int32(shift.rounded())
            rowNoise.base[y] = Float(noise)
        }
    }

    /// Washed-out colour, grain, noise specks and scanlines, written as rgb24.
    private func compose(into pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        let width = width
        let smeared = smeared
        let rowNoise = rowNoise.base
        let scanlines = scanlines.base
        let seed = seed
        let frame = UInt64(bitPattern: Int64(frameIndex))
        let grainWidth = grainWidth
        let saturation = Self.saturation
        let grainAmount = Self.grainAmount
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let lumaRow = smeared.luma.row(y)
                let cbRow = smeared.cb.row(y)
                let crRow = smeared.cr.row(y)
                let output = pixels + y &* width &* 3
                let noise = rowNoise[y]
                let brightness = scanlines[y]
                let line = UInt64(y)
                // One grain value per speck of `grainWidth` pixels along the row.
                for speckStart in stride(from: 0, to: width, by: grainWidth) {
                    let speck = UInt64(speckStart)
                    let grain =
                        (Float(SeededRandom.hashUnit(seed: seed, frame, speck, line)) - 0.5) * grainAmount
                    var dropout: Float = 0
                    if noise > 0 {
                        // White dropout streaks 16 pixels long, denser where the row's noise is stronger.
                        let draw = Float(
                            SeededRandom.hashUnit(seed: seed ^ 0x6472_6F70, frame, speck >> 4, line))
                        dropout = draw > 1 - 0.35 * noise ? min(1, noise * 1.5) : 0
                    }
                    for x in speckStart..<min(width, speckStart + grainWidth) {
                        var luma = lumaRow[x] + grain
                        luma += (235 - luma) * dropout
                        // Lifted blacks and a little headroom lost, like tape.
                        luma = (14 + 0.9 * luma) * brightness
                        let (red, green, blue) = YCbCr.rgb(
                            luma: luma, cb: cbRow[x] * saturation, cr: crRow[x] * saturation)
                        output[3 &* x] = PixelMath.byte(red)
                        output[3 &* x &+ 1] = PixelMath.byte(green)
                        output[3 &* x &+ 2] = PixelMath.byte(blue)
                    }
                }
            }
        }
    }
}
