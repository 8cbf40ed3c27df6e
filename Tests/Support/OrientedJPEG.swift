import Foundation
import KinoraMedia

/// JPEGs stored turned, with the EXIF Orientation tag that shows them upright again, as phone
/// cameras write them: the stored pixels are laid out here from the EXIF definitions of the eight
/// values, independently of Kinora's own turning code, and the APP1 segment is written byte by byte.
public enum OrientedJPEG {
    /// ffmpeg's `testsrc2` pattern at `size` (any size, 6000x4000 included) as an upright frame,
    /// made through a raw file that is deleted again.
    public static func testPattern(_ size: PixelSize) throws -> RGBFrame {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("pattern.rgb")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size)",
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw.path,
        ])
        return RGBFrame(width: size.width, height: size.height, pixels: try [UInt8](Data(contentsOf: raw)))
    }

    /// Where stored pixel (`x`, `y`) is shown in a picture shown at `shown` size, for EXIF
    /// Orientation `orientation` (1-8), from the TIFF definitions ("the 0th row is the visual right
    /// side, the 0th column the visual top" for 6, and so on).
    public static func shownPosition(x: Int, y: Int, orientation: Int, shown: PixelSize) -> (x: Int, y: Int) {
        let right = shown.width - 1
        let bottom = shown.height - 1
        switch orientation {
        case 2: return (right - x, y)
        case 3: return (right - x, bottom - y)
        case 4: return (x, bottom - y)
        case 5: return (y, x)
        case 6: return (right - y, x)
        case 7: return (right - y, bottom - x)
        case 8: return (y, bottom - x)
        default: return (x, y)
        }
    }

    /// The stored size of a picture shown at `shown` size with `orientation`.
    public static func storedSize(shown: PixelSize, orientation: Int) -> PixelSize {
        orientation >= 5 ? PixelSize(width: shown.height, height: shown.width) : shown
    }

    /// Writes `upright` to `url` as a baseline JPEG stored for `orientation` (1-8) and tagged with
    /// it (a `bigEndian` TIFF header, "MM", or a little-endian one, "II"), so that a viewer that
    /// honours the tag shows `upright`.
    public static func write(
        _ upright: RGBFrame, orientation: Int, to url: URL, quality: Int = 95, bigEndian: Bool = false
    ) throws {
        let shown = upright.size
        let stored = storedSize(shown: shown, orientation: orientation)
        try upright.pixels.withUnsafeBufferPointer { source in
            try TestPictureWriter.write(.jpeg(quality: quality), to: url, size: stored) { row, pixels in
                // Shown positions move by a fixed step along a stored row.
                let first = shownPosition(x: 0, y: row, orientation: orientation, shown: shown)
                let next = shownPosition(
                    x: min(1, stored.width - 1), y: row, orientation: orientation, shown: shown)
                let step = (next.y - first.y) * shown.width + (next.x - first.x)
                var from = first.y * shown.width + first.x
                for x in 0..<stored.width {
                    pixels[x * 3] = source[from * 3]
                    pixels[x * 3 + 1] = source[from * 3 + 1]
                    pixels[x * 3 + 2] = source[from * 3 + 2]
                    from += step
                }
            }
        }
        let tagged = try tagging(Data(contentsOf: url), orientation: orientation, bigEndian: bigEndian)
        try tagged.write(to: url)
    }

    /// `jpeg` with an APP1 Exif segment right after its start marker whose IFD0 holds an
    /// Orientation (a SHORT) of `value`, after a Software entry so the walk has something to skip.
    public static func tagging(_ jpeg: Data, orientation value: Int, bigEndian: Bool = false) throws -> Data {
        guard jpeg.count > 2, jpeg[jpeg.startIndex] == 0xFF, jpeg[jpeg.startIndex + 1] == 0xD8 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "not a JPEG"])
        }
        let software = Array("kinora tests\0".utf8)
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        func short(_ number: Int) {
            let bytes = [UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF)]
            tiff += bigEndian ? bytes : bytes.reversed()
        }
        func long(_ number: Int) {
            let bytes = [24, 16, 8, 0].map { UInt8(number >> $0 & 0xFF) }
            tiff += bigEndian ? bytes : bytes.reversed()
        }
        short(42)
        long(8)  // IFD0 right after the header
        short(2)  // two entries
        let softwareOffset = 8 + 2 + 2 * 12 + 4
        short(0x0131)  // Software, ASCII, its text after the IFD
        short(2)
        long(software.count)
        long(softwareOffset)
        short(0x0112)  // Orientation, one SHORT, left-justified in the value field
        short(3)
        long(1)
        short(value)
        short(0)
        long(0)  // no IFD1
        tiff += software
        let payload = Array("Exif\0\0".utf8) + tiff
        let length = payload.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        var result = Data(jpeg.prefix(2))
        result.append(contentsOf: segment)
        result.append(jpeg.dropFirst(2))
        return result
    }
}
