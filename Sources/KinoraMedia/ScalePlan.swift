import KinoraCore

/// How to turn decoded frames of one size into frames of another: the ffmpeg filter chain.
///
/// Geometry is computed here, in Swift, from the probed stream (so it is testable and exact):
/// a still picture is turned upright (its ``PictureOrientation``), then scaled to `scaled` (area
/// averaging when shrinking, Lanczos when enlarging), converted to rgb24 in the same pass, then
/// cropped (``FitMode/fill``) or padded with black (``FitMode/fit``) to `target`, and marked as
/// square-pixelled.
struct ScalePlan: Equatable {
    /// The size of the frames the chain produces.
    let target: PixelSize
    /// The size the picture is scaled to before cropping or padding.
    let scaled: PixelSize
    /// Where the scaled picture's top-left corner lands (negative: cropped; positive: padded).
    let offsetX: Int
    /// See ``offsetX``.
    let offsetY: Int
    /// `true` when shrinking in both directions (area averaging gives the cleanest result).
    let shrinks: Bool
    /// How the picture was made to fit.
    let fit: FitMode
    /// How the decoded picture is turned upright before it is scaled.
    let orientation: PictureOrientation

    /// Plans scaling a picture that decodes at `decoded` pixels and is shown as
    /// `displayWidth` x `displayHeight` (pixel aspect, rotation and `orientation` applied; both
    /// sizes are upright ones).
    init(
        decoded: PixelSize, displayWidth: Double, displayHeight: Double, target: PixelSize, fit: FitMode,
        orientation: PictureOrientation = .identity
    ) {
        self.target = target
        self.fit = fit
        self.orientation = orientation
        let sourceWidth = displayWidth > 0 ? displayWidth : Double(max(decoded.width, 1))
        let sourceHeight = displayHeight > 0 ? displayHeight : Double(max(decoded.height, 1))
        let scaleX = Double(target.width) / sourceWidth
        let scaleY = Double(target.height) / sourceHeight
        // Tolerance so that 4:3 -> 4:3 does not round 120.00000001 up to 121.
        let slack = 1e-6
        var width = target.width
        var height = target.height
        switch fit {
        case .stretch:
            break
        case .fill:
            let scale = max(scaleX, scaleY)
            width = max(target.width, Int((sourceWidth * scale - slack).rounded(.up)))
            height = max(target.height, Int((sourceHeight * scale - slack).rounded(.up)))
        case .fit:
            let scale = min(scaleX, scaleY)
            width = min(target.width, max(1, Int((sourceWidth * scale).rounded())))
            height = min(target.height, max(1, Int((sourceHeight * scale).rounded())))
        }
        scaled = PixelSize(width: width, height: height)
        offsetX = (target.width - width) / 2
        offsetY = (target.height - height) / 2
        shrinks = width <= decoded.width && height <= decoded.height
    }

    /// Plans scaling the picture `video` describes to `target`.
    init(video: VideoStreamInfo, target: PixelSize, fit: FitMode) {
        self.init(
            decoded: video.decodedSize, displayWidth: video.displayWidth, displayHeight: video.displayHeight,
            target: target, fit: fit, orientation: video.orientation)
    }

    /// The columns of the scaled picture that land in the frame: all of them unless cropped.
    var visibleColumns: Range<Int> { Self.visible(scaled.width, in: target.width, at: offsetX) }

    /// The rows of the scaled picture that land in the frame (see ``visibleColumns``).
    var visibleRows: Range<Int> { Self.visible(scaled.height, in: target.height, at: offsetY) }

    /// Which of `length` pixels placed at `offset` fall inside `0..<frame`.
    private static func visible(_ length: Int, in frame: Int, at offset: Int) -> Range<Int> {
        let first = max(0, -offset)
        return first..<max(first, min(length, frame - offset))
    }

    /// The `-vf` value, optionally resampling the frame rate first.
    func filter(frameRate: FrameRate? = nil) -> String {
        var parts: [String] = []
        if let frameRate { parts.append("fps=\(frameRate)") }
        parts += orientation.ffmpegFilters
        let flags = shrinks ? "area" : "lanczos"
        parts.append("scale=\(scaled.width):\(scaled.height):flags=\(flags)")
        parts.append("format=rgb24")
        if scaled.width > target.width || scaled.height > target.height {
            parts.append("crop=\(target.width):\(target.height):\(-offsetX):\(-offsetY)")
        } else if scaled != target {
            parts.append("pad=\(target.width):\(target.height):\(offsetX):\(offsetY):color=black")
        }
        parts.append("setsar=1")
        return parts.joined(separator: ",")
    }
}
