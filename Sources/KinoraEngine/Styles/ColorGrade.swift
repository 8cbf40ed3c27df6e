import Foundation

/// The colour-only looks (noir, sepia, teal-orange, bleach bypass) as tables built once, so a
/// frame costs a few integer operations and lookups per pixel.
///
/// Luma is the integer BT.601 weighting `(77 R + 150 G + 29 B) / 256`; every table is a fixed
/// function of its inputs, so a still picture grades the same on every frame.
final class ColorGrade: StyleFilter {
    /// Which grade.
    enum Look {
        /// High-contrast black and white with a slight vignette.
        case noir
        /// Warm brown monochrome from the classic sepia matrix, with soft highlights.
        case sepia
        /// Teal shadows and orange highlights at unchanged luma.
        case tealOrange
        /// Silver-retained print: desaturated, contrasty, crushed blacks.
        case bleachBypass
    }

    /// The grade applied.
    let look: Look
    private let width: Int
    private let height: Int
    /// Per-look tables; see `build` for each layout.
    private let tables: Plane<Int16>
    /// Noir's vignette gain per pixel, in 1/256 (empty for other looks).
    private let vignette: Plane<UInt16>

    /// A grade for frames of `width` × `height`.
    init(look: Look, width: Int, height: Int) {
        self.look = look
        self.width = width
        self.height = height
        tables = Plane(values: Self.build(look))
        vignette =
            look == .noir
            ? Self.vignette(width: width, height: height) : Plane(width: 0, height: 0, value: 0)
    }

    /// Applies the grade; `frameIndex` is ignored (a grade does not move).
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        let width = width
        let look = look
        let tables = tables.base
        let vignette = vignette
        RowBands.run(rows: height) { _, rows in
            for y in rows {
                let row = pixels + y * width * 3
                switch look {
                case .noir: Self.noirRow(row, width: width, curve: tables, gain: vignette.row(y))
                case .sepia: Self.sepiaRow(row, width: width, tables: tables)
                case .tealOrange: Self.tealOrangeRow(row, width: width, offsets: tables)
                case .bleachBypass: Self.bleachRow(row, width: width, table: tables)
                }
            }
        }
    }

    // MARK: - Rows

    /// Integer BT.601 luma, 0...255.
    @inline(__always)
    private static func luma(_ red: Int32, _ green: Int32, _ blue: Int32) -> Int32 {
        (77 &* red &+ 150 &* green &+ 29 &* blue &+ 128) >> 8
    }

    /// Curve of luma times the vignette gain, written to all three channels.
    private static func noirRow(
        _ row: UnsafeMutablePointer<UInt8>, width: Int, curve: UnsafeMutablePointer<Int16>,
        gain: UnsafeMutablePointer<UInt16>
    ) {
        for x in 0..<width {
            let lumaValue = luma(Int32(row[3 * x]), Int32(row[3 * x + 1]), Int32(row[3 * x + 2]))
            let value = (Int32(curve[Int(lumaValue)]) &* Int32(gain[x]) &+ 128) >> 8
            let grey = UInt8(truncatingIfNeeded: value)
            row[3 * x] = grey
            row[3 * x + 1] = grey
            row[3 * x + 2] = grey
        }
    }

    /// The sepia matrix in 1/1024 fixed point, each product through its channel's highlight curve.
    private static func sepiaRow(
        _ row: UnsafeMutablePointer<UInt8>, width: Int, tables: UnsafeMutablePointer<Int16>
    ) {
        for x in 0..<width {
            let red = Int32(row[3 * x])
            let green = Int32(row[3 * x + 1])
            let blue = Int32(row[3 * x + 2])
            let outRed = (402 &* red &+ 787 &* green &+ 194 &* blue) >> 10
            let outGreen = (357 &* red &+ 702 &* green &+ 172 &* blue) >> 10
            let outBlue = (279 &* red &+ 547 &* green &+ 134 &* blue) >> 10
            row[3 * x] = UInt8(truncatingIfNeeded: tables[Int(outRed)])
            row[3 * x + 1] = UInt8(truncatingIfNeeded: tables[sepiaTableSize + Int(outGreen)])
            row[3 * x + 2] = UInt8(truncatingIfNeeded: tables[2 * sepiaTableSize + Int(outBlue)])
        }
    }

    /// Saturation lift about luma, then the luma-indexed split-tone offsets.
    private static func tealOrangeRow(
        _ row: UnsafeMutablePointer<UInt8>, width: Int, offsets: UnsafeMutablePointer<Int16>
    ) {
        for x in 0..<width {
            let red = Int32(row[3 * x])
            let green = Int32(row[3 * x + 1])
            let blue = Int32(row[3 * x + 2])
            let lumaValue = luma(red, green, blue)
            let entry = Int(lumaValue) * 3
            // 1.15x saturation (294/256) keeps luma: the chroma differences sum to about zero.
            let outRed = lumaValue &+ ((red &- lumaValue) &* 294) >> 8 &+ Int32(offsets[entry])
            let outGreen = lumaValue &+ ((green &- lumaValue) &* 294) >> 8 &+ Int32(offsets[entry + 1])
            let outBlue = lumaValue &+ ((blue &- lumaValue) &* 294) >> 8 &+ Int32(offsets[entry + 2])
            row[3 * x] = UInt8(truncatingIfNeeded: min(255, max(0, outRed)))
            row[3 * x + 1] = UInt8(truncatingIfNeeded: min(255, max(0, outGreen)))
            row[3 * x + 2] = UInt8(truncatingIfNeeded: min(255, max(0, outBlue)))
        }
    }

    /// Each channel pulled 50% towards luma, then the 2-D (luma, channel) overlay-and-crush table.
    private static func bleachRow(
        _ row: UnsafeMutablePointer<UInt8>, width: Int, table: UnsafeMutablePointer<Int16>
    ) {
        for x in 0..<width {
            let red = Int32(row[3 * x])
            let green = Int32(row[3 * x + 1])
            let blue = Int32(row[3 * x + 2])
            let lumaValue = luma(red, green, blue)
            let base = Int(lumaValue) << 8
            // Desaturating towards luma leaves luma unchanged, so the table row stays valid.
            let desaturatedRed = (red &+ lumaValue &+ 1) >> 1
            let desaturatedGreen = (green &+ lumaValue &+ 1) >> 1
            let desaturatedBlue = (blue &+ lumaValue &+ 1) >> 1
            row[3 * x] = UInt8(truncatingIfNeeded: table[base + Int(desaturatedRed)])
            row[3 * x + 1] = UInt8(truncatingIfNeeded: table[base + Int(desaturatedGreen)])
            row[3 * x + 2] = UInt8(truncatingIfNeeded: table[base + Int(desaturatedBlue)])
        }
    }

    // MARK: - Tables

    /// Entries per sepia channel table: the red row of the matrix reaches 1.351 × 255.
    private static let sepiaTableSize = 352

    /// The tables of `look`.
    ///
    /// - noir: 256 entries, luma → curved luma.
    /// - sepia: three tables of `sepiaTableSize`, matrix output → byte with a highlight shoulder.
    /// - teal-orange: 256 × 3 entries, luma → (red, green, blue) offsets.
    /// - bleach: 256 × 256 entries, `luma << 8 | channel` → byte.
    private static func build(_ look: Look) -> [Int16] {
        switch look {
        case .noir:
            return (0..<256).map { Int16(PixelMath.byte(255 * noirCurve(Double($0) / 255))) }
        case .sepia:
            // Shoulder from 0.78 of full scale, a slight lift of black: an aged print, not a clip.
            return (0..<(3 * sepiaTableSize)).map { index in
                let value = Double(index % sepiaTableSize)
                let knee = 200.0
                let toned =
                    value < knee ? value : knee + (255 - knee) * (1 - exp(-(value - knee) / (255 - knee)))
                return Int16(PixelMath.byte(10 + toned * 240 / 255))
            }
        case .tealOrange:
            return (0..<256).flatMap { tealOrangeOffsets(luma: Double($0) / 255) }
        case .bleachBypass:
            return (0..<(256 * 256)).map { index in
                Int16(
                    PixelMath.byte(
                        255 * bleach(luma: Double(index >> 8) / 255, channel: Double(index & 255) / 255)))
            }
        }
    }

    /// Noir's tone curve: a pivoted S-curve (toe and shoulder of power 1.9) with a crushed black.
    private static func noirCurve(_ value: Double) -> Double {
        let pivot = 0.46
        let power = 1.9
        let curved =
            value < pivot
            ? pivot * pow(value / pivot, power) : 1 - (1 - pivot) * pow((1 - value) / (1 - pivot), power)
        return min(1, max(0, (curved - 0.03) / 0.97))
    }

    /// Teal-orange's offsets at one luma: zero-luma tint vectors (each colour minus its own luma),
    /// so adding them moves hue but not brightness; both fade out at pure black and white.
    private static func tealOrangeOffsets(luma: Double) -> [Int16] {
        let teal = zeroLuma(red: 0.0, green: 0.45, blue: 0.6)
        let orange = zeroLuma(red: 1.0, green: 0.62, blue: 0.25)
        let shadow = (1 - PixelMath.smoothstep(0.08, 0.6, luma)) * PixelMath.smoothstep(0.0, 0.12, luma)
        let highlight = PixelMath.smoothstep(0.3, 0.8, luma) * (1 - PixelMath.smoothstep(0.9, 1.0, luma))
        return (0..<3).map { channel in
            Int16((255 * (0.42 * shadow * teal[channel] + 0.36 * highlight * orange[channel])).rounded())
        }
    }

    /// `(red, green, blue)` minus its BT.601 luma on every channel.
    private static func zeroLuma(red: Double, green: Double, blue: Double) -> [Double] {
        let luma = 0.299 * red + 0.587 * green + 0.114 * blue
        return [red - luma, green - luma, blue - luma]
    }

    /// Bleach bypass for one channel: the luma overlaid on it (multiply in the shadows, screen in
    /// the highlights, switching around mid-grey), then a black point and a touch of gamma.
    private static func bleach(luma: Double, channel: Double) -> Double {
        let multiply = 2 * channel * luma
        let screen = 1 - 2 * (1 - channel) * (1 - luma)
        let mixAmount = min(1, max(0, 10 * (luma - 0.45)))
        let overlay = multiply + (screen - multiply) * mixAmount
        let graded = channel + (overlay - channel) * 0.85
        let crushed = max(0, (graded - 0.06) / 0.94)
        return pow(crushed, 1.08)
    }

    /// Noir's gain per pixel: 1 in the middle, falling smoothly to 0.72 in the far corners.
    private static func vignette(width: Int, height: Int) -> Plane<UInt16> {
        let plane = Plane<UInt16>(width: width, height: height, value: 256)
        let centreX = Double(width) / 2
        let centreY = Double(height) / 2
        for y in 0..<height {
            let dy = (Double(y) + 0.5 - centreY) / centreY
            let row = plane.row(y)
            for x in 0..<width {
                let dx = (Double(x) + 0.5 - centreX) / centreX
                let distance = (dx * dx + dy * dy).squareRoot()
                let gain = 1 - 0.28 * PixelMath.smoothstep(0.45, 1.45, distance)
                row[x] = UInt16((gain * 256).rounded())
            }
        }
        return plane
    }
}
