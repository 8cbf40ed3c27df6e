import Foundation
import KinoraCore
import KinoraMedia

/// A still prepared for an engine at a framing and an output size: the framed part of the picture
/// (``FramedRegion``), cropped and scaled with the built-in camera's filters (area-averaged shrinking,
/// bicubic enlarging). The one place every engine's source preparation frames a picture, so a take
/// from ComfyUI or a plug-in shows what the built-in engine shows (a portrait keeps its head).
public enum FramedStill {
    /// The picture at `url` framed by `framing` (automatic when `nil`: centred, or weighted towards the
    /// upper third of a picture taller than the frame) at `size`, with the framing used.
    ///
    /// - Throws: ``EngineError/badSource(path:reason:)`` when the file is not a still picture.
    public static func prepare(_ url: URL, framing: Framing?, size: PixelSize) throws -> (
        picture: RGBFrame, framing: Framing
    ) {
        let still = try decode(url, outputSize: size, zoom: framing?.zoom ?? 1)
        let used =
            framing
            ?? Framing.automatic(
                sourceWidth: still.width, sourceHeight: still.height, frameWidth: size.width,
                frameHeight: size.height)
        let camera = CameraMoveRenderer(
            source: still, outputSize: size, motion: .static, seed: 0, frameCount: 1, framing: used)
        return (camera.render(frame: 0), used)
    }

    /// Writes ``prepare(_:framing:size:)``'s picture as a PNG at `destination` (whole or not at all) and
    /// returns the framing used, for the take's record.
    @discardableResult
    public static func write(_ url: URL, framing: Framing?, size: PixelSize, to destination: URL) throws
        -> Framing
    {
        let (picture, used) = try prepare(url, framing: framing, size: size)
        do {
            try PictureFile.writePNG(picture, to: destination)
        } catch let error as MediaError {
            throw EngineError.badSource(path: destination.path, reason: error.userMessage)
        }
        return used
    }

    /// The still at `url`, decoded large enough for a camera to move in at `zoom` without softening
    /// (twice the output's cover size, times the zoom) and never larger than it is.
    public static func decode(_ url: URL, outputSize size: PixelSize, zoom: Double = 1) throws -> RGBFrame {
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(url)
        } catch let error as MediaError {
            throw EngineError.badSource(path: url.path, reason: error.userMessage)
        }
        guard let video = info.video, info.isStillImage else {
            throw EngineError.badSource(path: url.path, reason: "it is not a still image")
        }
        let native = (Double(video.displayWidth), Double(video.displayHeight))
        let cover = max(Double(size.width) / native.0, Double(size.height) / native.1)
        let closer = zoom.isFinite ? min(max(zoom, 1), Framing.maximumZoom) : 1
        let scale = min(1, 2 * cover * closer)
        let decoded = PixelSize(
            width: max(2, Int((native.0 * scale).rounded())),
            height: max(2, Int((native.1 * scale).rounded())))
        do {
            return try FrameDecoder.decodeImage(url: url, size: decoded, fit: .stretch, info: info)
        } catch let error as MediaError {
            throw EngineError.badSource(path: url.path, reason: error.userMessage)
        }
    }
}
