import CTestPictures
import Foundation
import KinoraMedia

/// Writes PNG and JPEG files row by row through libpng and libjpeg, for tests and benchmarks
/// that need pictures larger than ffmpeg will encode (a 20000x20000 palette PNG in under a
/// second, a few MB on disk when rows repeat). Kinora itself never writes pictures this way.
public enum TestPictureWriter {
    /// The file format to write.
    public enum Format: Equatable {
        /// 8-bit RGB PNG: rows are `width * 3` bytes of RGB.
        case png
        /// Palette PNG of these colours (1-256): rows are `width` bytes of palette indices.
        case palettePNG([RGB])
        /// Baseline 4:2:0 JPEG at `quality` (1-100): rows are `width * 3` bytes of RGB.
        case jpeg(quality: Int)

        /// Bytes per pixel of the rows the filler is given.
        public var bytesPerPixel: Int {
            if case .palettePNG = self { return 1 }
            return 3
        }
    }

    /// Writes a `size` picture to `url`, asking `fillRow` for each row in turn (the row index and
    /// the bytes to fill, laid out as ``Format`` says).
    ///
    /// - Throws: ``MediaError/encodeFailed(path:reason:)`` with libpng's, libjpeg's or the
    ///   system's reason.
    public static func write(
        _ format: Format, to url: URL, size: PixelSize,
        fillRow: (Int, UnsafeMutableBufferPointer<UInt8>) -> Void
    ) throws {
        guard size.width > 0, size.height > 0, size.width <= 65_535, size.height <= 65_535 else {
            throw MediaError.badSize(
                path: url.path, size: size, reason: "width and height must be 1 to 65535")
        }
        var message = [CChar](repeating: 0, count: 256)
        let status = withoutActuallyEscaping(fillRow) { fill in
            let filler = RowFiller(rowBytes: size.width * format.bytesPerPixel, fill: fill)
            return withExtendedLifetime(filler) {
                let context = Unmanaged.passUnretained(filler).toOpaque()
                return message.withUnsafeMutableBufferPointer { text in
                    guard let reason = text.baseAddress else { return CID_ERROR_MEMORY }
                    let width = UInt32(size.width)
                    let height = UInt32(size.height)
                    switch format {
                    case .png:
                        return cid_test_write_png(
                            url.path, width, height, nil, 0, RowFiller.callback, context, reason, text.count)
                    case .palettePNG(let colours):
                        let table = colours.flatMap { [$0.red, $0.green, $0.blue] }
                        return cid_test_write_png(
                            url.path, width, height, table, UInt32(colours.count), RowFiller.callback,
                            context,
                            reason, text.count)
                    case .jpeg(let quality):
                        return cid_test_write_jpeg(
                            url.path, width, height, Int32(quality), RowFiller.callback, context, reason,
                            text.count)
                    }
                }
            }
        }
        guard status == CID_OK else {
            let reason = String(
                decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw MediaError.encodeFailed(
                path: url.path, reason: reason.isEmpty ? "it could not be written" : reason)
        }
    }

    /// Carries the Swift closure through the C callback's context pointer.
    private final class RowFiller {
        let rowBytes: Int
        let fill: (Int, UnsafeMutableBufferPointer<UInt8>) -> Void

        init(rowBytes: Int, fill: @escaping (Int, UnsafeMutableBufferPointer<UInt8>) -> Void) {
            self.rowBytes = rowBytes
            self.fill = fill
        }

        /// The C callback: finds the filler behind `context` and asks it for row `row`.
        static let callback: CIDTestRowFiller = { context, row, pixels in
            guard let context else { return }
            let filler = Unmanaged<RowFiller>.fromOpaque(context).takeUnretainedValue()
            filler.fill(Int(row), UnsafeMutableBufferPointer(start: pixels, count: filler.rowBytes))
        }
    }
}
