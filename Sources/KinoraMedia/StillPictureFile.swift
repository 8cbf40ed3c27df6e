import CImageDecode
import Foundation

/// What a PNG or JPEG file's header says, read by libpng or libjpeg without decoding the picture.
struct StillPictureHeader: Equatable, Sendable {
    /// The two formats that can be shrunk while decoding.
    enum Format: Equatable, Sendable {
        /// PNG, read by libpng.
        case png
        /// JPEG, read by libjpeg.
        case jpeg
    }

    /// Which format the file is.
    let format: Format
    /// The stored size in pixels.
    let size: PixelSize
    /// Width of one pixel over its height, read as ffmpeg reads it (PNG pHYs x:y, JFIF density
    /// x:y), so both decoding paths give the same shape; 1 when the file does not say.
    let sampleAspectRatio: Double
    /// `true` for an interlaced PNG or a progressive JPEG (neither streams in plain rows).
    let isInterlaced: Bool
    /// Bytes a decoder must hold for the whole picture (0 when its rows stream).
    let wholePictureBytes: UInt64
    /// `true` when it can be decoded row by row within the memory budget.
    let streamsWithinBudget: Bool
    /// How the stored rows are turned to be shown upright (a JPEG's EXIF Orientation; identity
    /// for a PNG). Rows are read as stored.
    let orientation: PictureOrientation

    /// ffmpeg's name for the codec, as ffprobe would report it.
    var codec: String {
        switch format {
        case .png: return "png"
        case .jpeg: return "mjpeg"
        }
    }

    /// ffmpeg's name for the demuxer, as ffprobe would report it.
    var formatName: String {
        switch format {
        case .png: return "png_pipe"
        case .jpeg: return "jpeg_pipe"
        }
    }

    /// Why it cannot be decoded in bounded memory (for a refusal), in Kinora's words.
    var wholeDecodeReason: String {
        let megabytes = (wholePictureBytes + (1 << 20) - 1) >> 20
        let kind = format == .png ? "an interlaced PNG" : "a progressive JPEG"
        return "it is \(kind), which must be decoded whole (about \(megabytes) MB)"
    }
}

/// Why libpng or libjpeg could not open or decode a picture, with its short reason.
struct StillPictureFailure: Error, Equatable {
    /// The kinds of failure ``CImageDecode`` reports.
    enum Kind: Equatable {
        /// The file could not be opened or read.
        case cannotOpen
        /// The file is neither PNG nor JPEG.
        case notPNGOrJPEG
        /// The picture's data is damaged.
        case damaged
        /// The file ends before the picture does.
        case truncated
        /// It can only be decoded whole, and that is over the memory budget.
        case tooLarge
        /// Memory ran out.
        case outOfMemory
        /// A call out of order (a bug here, not a problem with the file).
        case misuse
    }

    /// What went wrong.
    let kind: Kind
    /// libpng's or libjpeg's reason, in lower case without a full stop.
    let reason: String
}

/// An open PNG or JPEG whose rows are read one at a time, through ``CImageDecode``.
///
/// Holds the file and one row of the library's state, never the whole picture. Not thread-safe:
/// one decode at a time.
final class StillPictureFile {
    /// What the header says.
    let header: StillPictureHeader
    private let image: OpaquePointer
    private var rowSize: PixelSize?

    /// Opens `url` and reads its header.
    ///
    /// - Throws: ``StillPictureFailure`` when it cannot be opened, is not a PNG or JPEG, or its
    ///   header is damaged or cut short.
    init(url: URL) throws {
        guard let image = cid_open(url.path) else {
            throw StillPictureFailure(kind: .outOfMemory, reason: "not enough memory to open it")
        }
        self.image = image
        let raw = cid_header(image)
        let aspect =
            raw.aspect_numerator > 0 && raw.aspect_denominator > 0
            ? Double(raw.aspect_numerator) / Double(raw.aspect_denominator) : 1
        header = StillPictureHeader(
            format: raw.format == CID_FORMAT_PNG ? .png : .jpeg,
            size: PixelSize(width: Int(raw.width), height: Int(raw.height)), sampleAspectRatio: aspect,
            isInterlaced: raw.interlaced != 0, wholePictureBytes: raw.whole_picture_bytes,
            streamsWithinBudget: raw.streams_within_budget != 0,
            orientation: PictureOrientation(exifValue: Int(raw.orientation)))
        try check(cid_status(image))
    }

    deinit {
        cid_close(image)
    }

    /// Starts decoding rows at least `minimum` in size (a JPEG is scaled down by 1/2, 1/4 or 1/8
    /// while that holds); returns the size of the rows ``readRow(into:)`` gives.
    func start(minimum: PixelSize) throws -> PixelSize {
        if let rowSize { return rowSize }
        try check(cid_start(image, UInt32(clamping: minimum.width), UInt32(clamping: minimum.height)))
        let size = PixelSize(width: Int(cid_row_width(image)), height: Int(cid_row_count(image)))
        rowSize = size
        return size
    }

    /// Fills `row` (at least the row width times 3 bytes) with the next row as packed RGB.
    func readRow(into row: UnsafeMutableBufferPointer<UInt8>) throws {
        guard let base = row.baseAddress else {
            throw StillPictureFailure(kind: .misuse, reason: "the row buffer is empty")
        }
        try check(cid_read_row(image, base, row.count))
    }

    private func check(_ status: CIDStatus) throws {
        guard status != CID_OK else { return }
        let reason = String(cString: cid_message(image))
        let kind: StillPictureFailure.Kind
        switch status {
        case CID_ERROR_OPEN: kind = .cannotOpen
        case CID_ERROR_FORMAT: kind = .notPNGOrJPEG
        case CID_ERROR_DAMAGED: kind = .damaged
        case CID_ERROR_TRUNCATED: kind = .truncated
        case CID_ERROR_TOO_LARGE: kind = .tooLarge
        case CID_ERROR_MEMORY: kind = .outOfMemory
        default: kind = .misuse
        }
        throw StillPictureFailure(kind: kind, reason: reason)
    }
}
