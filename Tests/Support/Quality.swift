import Foundation
import KinoraMedia

/// Picture-quality measures shared by the test suites.
public enum Quality {
    /// Peak signal-to-noise ratio of two same-sized frames, in dB (infinity when identical).
    public static func psnr(_ a: RGBFrame, _ b: RGBFrame) -> Double {
        precondition(a.size == b.size)
        var sum: UInt64 = 0
        for index in a.pixels.indices {
            let difference = Int(a.pixels[index]) - Int(b.pixels[index])
            sum += UInt64(difference * difference)
        }
        if sum == 0 { return .infinity }
        let mse = Double(sum) / Double(a.pixels.count)
        return 10 * log10(255 * 255 / mse)
    }

    /// PSNR of the BT.709 luma (Y) computed from each frame's RGB, in dB.
    public static func lumaPSNR(_ a: RGBFrame, _ b: RGBFrame) -> Double {
        precondition(a.size == b.size)
        var sum = 0.0
        for offset in stride(from: 0, to: a.pixels.count, by: 3) {
            let difference = luma(a.pixels, offset) - luma(b.pixels, offset)
            sum += difference * difference
        }
        if sum == 0 { return .infinity }
        let mse = sum / Double(a.pixels.count / 3)
        return 10 * log10(255 * 255 / mse)
    }

    private static func luma(_ pixels: [UInt8], _ offset: Int) -> Double {
        0.2126 * Double(pixels[offset]) + 0.7152 * Double(pixels[offset + 1]) + 0.0722
            * Double(pixels[offset + 2])
    }

    /// Reads every frame of `reader`.
    public static func frames(_ reader: FrameReader) throws -> [RGBFrame] {
        var frames: [RGBFrame] = []
        try reader.forEachFrame { frames.append($0) }
        return frames
    }
}

/// Decodes sixel bytes with libsixel's own `sixel2png`, as a terminal would draw them.
public enum SixelDecoder {
    /// The PNG file `sixel2png` made of `bytes`; throws when it cannot read them.
    public static func png(_ bytes: [UInt8]) throws -> URL {
        let folder = try TestFiles.folder()
        let input = folder.appendingPathComponent("picture.six")
        let output = folder.appendingPathComponent("picture.png")
        try Data(bytes).write(to: input)
        try TestFiles.run(["sixel2png", "-i", input.path, "-o", output.path])
        return output
    }

    /// `bytes` decoded and read back as a frame of `size` (by default the size they draw at); the
    /// files made on the way are deleted.
    public static func frame(_ bytes: [UInt8], size: PixelSize? = nil) throws -> RGBFrame {
        let picture = try png(bytes)
        defer { try? FileManager.default.removeItem(at: picture.deletingLastPathComponent()) }
        let info = try MediaProbe.probe(picture)
        guard let drawn = size ?? info.video.map({ PixelSize(width: $0.width, height: $0.height) }) else {
            throw MediaError.noVideo(path: picture.path)
        }
        return try FrameDecoder.decodeImage(url: picture, size: drawn, fit: .stretch, info: info)
    }
}
