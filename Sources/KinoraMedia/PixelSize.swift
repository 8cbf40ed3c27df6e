/// A width and height in pixels.
public struct PixelSize: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a size; no checks (a reader or writer validates what it is given).
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Bytes in one rgb24 frame of this size.
    public var rgbByteCount: Int { width * height * 3 }

    /// "640x360", as ffmpeg writes sizes.
    public var description: String { "\(width)x\(height)" }
}
