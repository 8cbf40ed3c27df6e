import Foundation
import KinoraTestSupport

@testable import KinoraMedia

/// A test picture of any size whose colour at every pixel is known: a background crossed by
/// full-width row bands and full-height column bands (row bands on top). Written row by row
/// from a few prepared rows, so even 20000x20000 takes about a second.
struct BandedPicture {
    /// Rows or columns `range` painted `colour`.
    struct Band {
        /// The rows (or columns) covered.
        let range: Range<Int>
        /// Their colour.
        let colour: RGB
    }

    /// The picture's size.
    let size: PixelSize
    /// The colour outside every band.
    let background: RGB
    /// Bands across the whole width, drawn over the column bands.
    let rowBands: [Band]
    /// Bands down the whole height.
    let columnBands: [Band]

    /// The colour of pixel (x, y).
    func colour(x: Int, y: Int) -> RGB {
        if let band = rowBands.first(where: { $0.range.contains(y) }) { return band.colour }
        if let band = columnBands.first(where: { $0.range.contains(x) }) { return band.colour }
        return background
    }

    /// The picture shrunk `scale` times on each axis to `size` by exact area averaging (fractional
    /// edges weighted): `size.width * size.height * 3` channel values, row by row.
    func areaAverages(scale: Double, size: PixelSize) -> [Double] {
        let rowColours = rowBands.map(\.colour)
        // Row bands cover whole rows, so each output pixel splits into row-band strips and the
        // rest; the rest's colour depends only on the column, the strips only on the row.
        var outside: [[Double]] = []
        for x in 0..<size.width {
            let shares = columnBands.map { overlap($0.range, Double(x) * scale, scale) / scale }
            let rest = 1 - shares.reduce(0, +)
            outside.append(
                (0..<3).map { channel in
                    var value = component(background, channel) * rest
                    for (band, share) in zip(columnBands, shares) {
                        value += component(band.colour, channel) * share
                    }
                    return value
                })
        }
        var values: [Double] = []
        values.reserveCapacity(size.width * size.height * 3)
        for y in 0..<size.height {
            let shares = rowBands.map { overlap($0.range, Double(y) * scale, scale) / scale }
            let rest = 1 - shares.reduce(0, +)
            let strips = (0..<3).map { channel in
                zip(rowColours, shares).reduce(0) { $0 + component($1.0, channel) * $1.1 }
            }
            for x in 0..<size.width {
                for channel in 0..<3 { values.append(strips[channel] + outside[x][channel] * rest) }
            }
        }
        return values
    }

    private func component(_ colour: RGB, _ channel: Int) -> Double {
        Double(channel == 0 ? colour.red : channel == 1 ? colour.green : colour.blue)
    }

    /// How much of `start..<start+length` the band's `range` covers.
    private func overlap(_ range: Range<Int>, _ start: Double, _ length: Double) -> Double {
        max(0, min(Double(range.upperBound), start + length) - max(Double(range.lowerBound), start))
    }

    /// How ``write(_:to:)`` stores the picture.
    enum Encoding {
        /// A palette PNG of the picture's colours (the fastest to write and to read).
        case palettePNG
        /// An 8-bit RGB PNG.
        case rgbPNG
        /// A baseline JPEG.
        case jpeg(quality: Int)
    }

    /// Writes the picture to `url`.
    func write(_ encoding: Encoding, to url: URL) throws {
        let colours = [background] + rowBands.map(\.colour) + columnBands.map(\.colour)
        let format: TestPictureWriter.Format
        switch encoding {
        case .palettePNG: format = .palettePNG(colours)
        case .rgbPNG: format = .png
        case .jpeg(let quality): format = .jpeg(quality: quality)
        }
        let pixel: (Int) -> [UInt8] = { index in
            let colour = colours[index]
            return format.bytesPerPixel == 1 ? [UInt8(index)] : [colour.red, colour.green, colour.blue]
        }
        // Between row bands every row is the same; inside one, every pixel is.
        var plainRow: [UInt8] = []
        plainRow.reserveCapacity(size.width * format.bytesPerPixel)
        for x in 0..<size.width {
            let column = columnBands.firstIndex { $0.range.contains(x) }
            plainRow += pixel(column.map { 1 + rowBands.count + $0 } ?? 0)
        }
        let bandRows = rowBands.indices.map { band in
            [[UInt8]](repeating: pixel(1 + band), count: size.width).flatMap { $0 }
        }
        try TestPictureWriter.write(format, to: url, size: size) { y, pixels in
            let band = rowBands.firstIndex { $0.range.contains(y) }
            let row = band.map { bandRows[$0] } ?? plainRow
            row.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = pixels.baseAddress else { return }
                to.update(from: from, count: min(source.count, pixels.count))
            }
        }
    }
}
