import KinoraMedia

/// The few drawing operations a document page needs, clipped to the page so a layout mistake
/// shows as a cut-off picture rather than a crash.
extension RGBFrame {
    /// Copies `picture` with its top-left corner at (`x`, `y`).
    mutating func place(_ picture: RGBFrame, x: Int, y: Int) {
        let (left, right) = (max(0, x), min(width, x + picture.width))
        let (top, bottom) = (max(0, y), min(height, y + picture.height))
        guard left < right, top < bottom else { return }
        let pageWidth = width
        let count = (right - left) * 3
        picture.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { page in
                guard let from = source.baseAddress, let to = page.baseAddress else { return }
                for row in top..<bottom {
                    let sourceOffset = ((row - y) * picture.width + (left - x)) * 3
                    (to + (row * pageWidth + left) * 3).update(from: from + sourceOffset, count: count)
                }
            }
        }
    }

    /// Paints the rectangle at (`x`, `y`) of `size` in `colour`.
    mutating func fill(x: Int, y: Int, size: PixelSize, with colour: RGB) {
        place(RGBFrame(width: size.width, height: size.height, fill: colour), x: x, y: y)
    }

    /// Draws a one-pixel `colour` frame just outside the rectangle at (`x`, `y`) of `size`.
    mutating func outline(x: Int, y: Int, size: PixelSize, with colour: RGB) {
        let across = PixelSize(width: size.width + 2, height: 1)
        let down = PixelSize(width: 1, height: size.height)
        fill(x: x - 1, y: y - 1, size: across, with: colour)
        fill(x: x - 1, y: y + size.height, size: across, with: colour)
        fill(x: x - 1, y: y, size: down, with: colour)
        fill(x: x + size.width, y: y, size: down, with: colour)
    }

    /// Lays ink over the page through `mask` (one byte a pixel of a `size` picture, 255 = solid ink)
    /// placed at (`x`, `y`); `ink` gives the colour at each point of the mask.
    mutating func blend(mask: [UInt8], size: PixelSize, x: Int, y: Int, ink: (_ x: Int, _ y: Int) -> RGB) {
        // The part of the mask that lands on the page, in the mask's coordinates.
        let (left, right) = (max(0, -x), min(size.width, width - x))
        let (top, bottom) = (max(0, -y), min(size.height, height - y))
        guard mask.count == size.width * size.height, left < right, top < bottom else { return }
        let pageWidth = width
        mask.withUnsafeBufferPointer { coverage in
            pixels.withUnsafeMutableBufferPointer { page in
                func mix(_ offset: Int, _ value: UInt8, _ alpha: Int) {
                    page[offset] = UInt8((Int(page[offset]) * (255 - alpha) + Int(value) * alpha + 127) / 255)
                }
                for row in top..<bottom {
                    for column in left..<right {
                        let alpha = Int(coverage[row * size.width + column])
                        guard alpha > 0 else { continue }
                        let colour = ink(column, row)
                        let offset = ((y + row) * pageWidth + x + column) * 3
                        mix(offset, colour.red, alpha)
                        mix(offset + 1, colour.green, alpha)
                        mix(offset + 2, colour.blue, alpha)
                    }
                }
            }
        }
    }
}
