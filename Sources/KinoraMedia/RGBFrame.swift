/// One picture as packed 8-bit RGB (rgb24): row-major, three bytes per pixel, no padding.
public struct RGBFrame: Sendable, Equatable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 3` bytes: R, G, B of the top-left pixel first.
    ///
    /// Mutable in place for speed; keep the count unchanged (every consumer relies on it).
    public var pixels: [UInt8]

    /// Wraps `pixels`, which must hold exactly `width * height * 3` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "RGBFrame size must not be negative")
        precondition(pixels.count == width * height * 3, "RGBFrame needs width*height*3 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A frame of one colour (black by default).
    public init(width: Int, height: Int, fill: RGB = RGB(red: 0, green: 0, blue: 0)) {
        precondition(width >= 0 && height >= 0, "RGBFrame size must not be negative")
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        if fill != RGB(red: 0, green: 0, blue: 0) {
            for offset in stride(from: 0, to: bytes.count, by: 3) {
                bytes[offset] = fill.red
                bytes[offset + 1] = fill.green
                bytes[offset + 2] = fill.blue
            }
        }
        self.init(width: width, height: height, pixels: bytes)
    }

    /// The frame's size.
    public var size: PixelSize { PixelSize(width: width, height: height) }

    /// The colour at column `x`, row `y` (both zero-based, must be inside the frame).
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let offset = byteOffset(x: x, y: y)
            return RGB(red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2])
        }
        set {
            let offset = byteOffset(x: x, y: y)
            pixels[offset] = newValue.red
            pixels[offset + 1] = newValue.green
            pixels[offset + 2] = newValue.blue
        }
    }

    private func byteOffset(x: Int, y: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside the frame")
        return (y * width + x) * 3
    }
}
