/// How a still picture's stored pixels are turned to be shown upright: the eight values of the
/// EXIF Orientation tag, which phone cameras write instead of turning the pixels.
///
/// ``MediaProbe`` reads it once (``VideoStreamInfo/orientation``) and every decode applies it:
/// ffmpeg through ``ffmpegFilters`` (with its own autorotation off, so ffmpeg's version does not
/// matter), ``LargeImageDecoder`` through ``upright(_:)``. Sizes and shapes reported for the
/// picture are the upright ones.
public enum PictureOrientation: Int, Sendable, Equatable, Codable, CaseIterable {
    /// 1: stored upright.
    case identity = 1
    /// 2: mirrored left to right.
    case mirror = 2
    /// 3: turned half a turn.
    case rotate180 = 3
    /// 4: mirrored top to bottom.
    case flip = 4
    /// 5: mirrored along the top-left to bottom-right diagonal.
    case transpose = 5
    /// 6: shown turned a quarter clockwise.
    case rotate90 = 6
    /// 7: mirrored along the top-right to bottom-left diagonal.
    case transverse = 7
    /// 8: shown turned a quarter counter-clockwise.
    case rotate270 = 8

    /// The orientation for an EXIF tag value; identity for anything outside 1–8 (as ffmpeg reads it).
    public init(exifValue: Int) {
        self = PictureOrientation(rawValue: exifValue) ?? .identity
    }

    /// The orientation that turns a picture `degrees` clockwise (a multiple of 90, as
    /// ``VideoStreamInfo/rotation`` is).
    public init(clockwiseDegrees degrees: Int) {
        switch (degrees / 90 % 4 + 4) % 4 {
        case 1: self = .rotate90
        case 2: self = .rotate180
        case 3: self = .rotate270
        default: self = .identity
        }
    }

    /// `true` when width and height trade places (orientations 5–8).
    public var swapsAxes: Bool { rawValue >= 5 }

    /// The size shown for a picture stored at `size` (or the stored size of one shown at `size`).
    public func turned(_ size: PixelSize) -> PixelSize {
        swapsAxes ? PixelSize(width: size.height, height: size.width) : size
    }

    /// ffmpeg filters that turn decoded frames upright (none for identity); they go first in the
    /// chain, before scaling.
    var ffmpegFilters: [String] {
        switch self {
        case .identity: return []
        case .mirror: return ["hflip"]
        case .rotate180: return ["hflip", "vflip"]
        case .flip: return ["vflip"]
        case .transpose: return ["transpose=cclock_flip"]
        case .rotate90: return ["transpose=clock"]
        case .transverse: return ["transpose=clock_flip"]
        case .rotate270: return ["transpose=cclock"]
        }
    }

    /// The turn as three steps from stored to shown pixels: trade x and y, then mirror the
    /// shown picture left to right, then top to bottom.
    private var steps: (swap: Bool, mirrorX: Bool, mirrorY: Bool) {
        switch self {
        case .identity: return (false, false, false)
        case .mirror: return (false, true, false)
        case .rotate180: return (false, true, true)
        case .flip: return (false, false, true)
        case .transpose: return (true, false, false)
        case .rotate90: return (true, true, false)
        case .transverse: return (true, true, true)
        case .rotate270: return (true, false, true)
        }
    }

    /// The stored pixels that show as `columns` x `rows` of a picture shown at `shown` size.
    func storedRegion(columns: Range<Int>, rows: Range<Int>, shown: PixelSize) -> (
        columns: Range<Int>, rows: Range<Int>
    ) {
        let (swap, mirrorX, mirrorY) = steps
        let x = mirrorX ? (shown.width - columns.upperBound)..<(shown.width - columns.lowerBound) : columns
        let y = mirrorY ? (shown.height - rows.upperBound)..<(shown.height - rows.lowerBound) : rows
        return swap ? (y, x) : (x, y)
    }

    /// `stored` turned upright: a frame of ``turned(_:)`` its size.
    func upright(_ stored: RGBFrame) -> RGBFrame {
        guard self != .identity, stored.width > 0, stored.height > 0 else { return stored }
        let shown = turned(stored.size)
        var result = RGBFrame(width: shown.width, height: shown.height)
        let (swap, mirrorX, mirrorY) = steps
        // Stored pixel (x, y) lands at pixel index origin + x * stepX + y * stepY of the result.
        let across = mirrorX ? -1 : 1
        let down = mirrorY ? -shown.width : shown.width
        let origin = (mirrorX ? shown.width - 1 : 0) + (mirrorY ? (shown.height - 1) * shown.width : 0)
        let (stepX, stepY) = swap ? (down, across) : (across, down)
        stored.pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                var from = 0
                for y in 0..<stored.height {
                    var to = origin + y * stepY
                    for _ in 0..<stored.width {
                        let at = to * 3
                        target[at] = source[from]
                        target[at + 1] = source[from + 1]
                        target[at + 2] = source[from + 2]
                        from += 3
                        to += stepX
                    }
                }
            }
        }
        return result
    }
}
