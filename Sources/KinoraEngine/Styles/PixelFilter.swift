import Foundation
import KinoraCore

/// Pixel art: block averages on a coarse grid anchored at the top-left corner, each mapped to
/// the nearest colour of the 16-colour PICO-8 palette.
///
/// No dithering and fixed bins, so a still picture stays still and the grid never crawls.
final class PixelFilter: StyleFilter {
    private let width: Int
    private let height: Int
    /// Side of one block in pixels: a 160-block-wide picture, at least 2 pixels a block.
    let blockSize: Int

    /// The PICO-8 palette as red, green, blue bytes.
    static let palette: [UInt8] = [
        0x00, 0x00, 0x00, 0x1D, 0x2B, 0x53, 0x7E, 0x25, 0x53, 0x00, 0x87, 0x51,
        0xAB, 0x52, 0x36, 0x5F, 0x57, 0x4F, 0xC2, 0xC3, 0xC7, 0xFF, 0xF1, 0xE8,
        0xFF, 0x00, 0x4D, 0xFF, 0xA3, 0x00, 0xFF, 0xEC, 0x27, 0x00, 0xE4, 0x36,
        0x29, 0xAD, 0xFF, 0x83, 0x76, 0x9C, 0xFF, 0x77, 0xA8, 0xFF, 0xCC, 0xAA,
    ]

    /// Palette index for every colour with 5 bits a channel (`r >> 3 << 10 | g >> 3 << 5 | b >> 3`).
    private static let nearest: [UInt8] = buildNearest()

    /// A pixel filter for frames of `width` × `height`.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        blockSize = max(2, width / 160)
    }

    /// Applies the look; `frameIndex` is ignored (the grid and palette are fixed).
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        let width = width
        let height = height
        let size = blockSize
        let blockRows = (height + size - 1) / size
        let blockColumns = (width + size - 1) / size
        Self.nearest.withUnsafeBufferPointer { nearest in
            Self.palette.withUnsafeBufferPointer { palette in
                RowBands.run(rows: blockRows) { _, bands in
                    for blockRow in bands {
                        let top = blockRow * size
                        let bottom = min(height, top + size)
                        for blockColumn in 0..<blockColumns {
                            let left = blockColumn * size
                            let right = min(width, left + size)
                            let colour = Self.blockColour(
                                pixels, width: width, rows: top..<bottom, columns: left..<right,
                                nearest: nearest)
                            let red = palette[3 * colour]
                            let green = palette[3 * colour + 1]
                            let blue = palette[3 * colour + 2]
                            for y in top..<bottom {
                                let row = pixels + y * width * 3
                                for x in left..<right {
                                    row[3 * x] = red
                                    row[3 * x + 1] = green
                                    row[3 * x + 2] = blue
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The palette index of the rounded average colour of one block.
    @inline(__always)
    private static func blockColour(
        _ pixels: UnsafeMutablePointer<UInt8>, width: Int, rows: Range<Int>, columns: Range<Int>,
        nearest: UnsafeBufferPointer<UInt8>
    ) -> Int {
        var red: UInt32 = 0
        var green: UInt32 = 0
        var blue: UInt32 = 0
        for y in rows {
            let row = pixels + y * width * 3
            for x in columns {
                red &+= UInt32(row[3 * x])
                green &+= UInt32(row[3 * x + 1])
                blue &+= UInt32(row[3 * x + 2])
            }
        }
        let count = UInt32(rows.count * columns.count)
        let half = count / 2
        // 5 bits a channel: the top bits of each rounded average.
        let redBits = ((red + half) / count) >> 3
        let greenBits = ((green + half) / count) >> 3
        let blueBits = ((blue + half) / count) >> 3
        return Int(nearest[Int(redBits << 10 | greenBits << 5 | blueBits)])
    }

    /// For each 5-bit-per-channel colour (taken at its bin centre), the palette entry nearest in
    /// Oklab after a 10% chroma lift, so muted footage still lands on the palette's vivid colours.
    private static func buildNearest() -> [UInt8] {
        let entries = (0..<16).map { index in
            Oklab(red: palette[3 * index], green: palette[3 * index + 1], blue: palette[3 * index + 2])
        }
        return (0..<32768).map { key in
            let colour = Oklab(
                red: UInt8((key >> 10) << 3 | 4), green: UInt8(((key >> 5) & 31) << 3 | 4),
                blue: UInt8((key & 31) << 3 | 4))
            let target = Oklab(lightness: colour.lightness, a: colour.a * 1.1, b: colour.b * 1.1)
            var best = 0
            var bestDistance = Double.infinity
            for (index, entry) in entries.enumerated() {
                let distance = target.distanceSquared(to: entry)
                if distance < bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return UInt8(best)
        }
    }
}
