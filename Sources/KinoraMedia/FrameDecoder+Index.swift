import Foundation
import KinoraCore

extension FrameDecoder {
    /// Decodes frame `index` (from 0) of a video made at `frameRate`, at the video's own size: exactly
    /// that frame, not the nearest to a rounded time, so a continuing shot starts on the very frame the
    /// previous one ends on.
    ///
    /// The reader seeks to half a frame before the frame's time and takes the first frame at or after
    /// it, which is frame `index` whatever the container's rounding of timestamps.
    ///
    /// - Throws: ``MediaError/noFrame(path:seconds:duration:)`` when the video has no such frame,
    ///   ``MediaError/badParameter(path:name:value:reason:)`` for a negative index.
    public static func frame(at index: Int, of video: URL, frameRate: FrameRate) throws -> RGBFrame {
        guard index >= 0 else {
            throw MediaError.badParameter(
                path: video.path, name: "frame index", value: "\(index)", reason: "it must be 0 or more")
        }
        let info = try MediaProbe.probe(video)
        guard let stream = info.video else { throw MediaError.noVideo(path: video.path) }
        let seconds = Double(index) / frameRate.framesPerSecond
        let start = max(0, (Double(index) - 0.5) / frameRate.framesPerSecond)
        let reader = try FrameReader(
            url: video, size: PixelSize(width: stream.width, height: stream.height),
            start: start > 0 ? start : nil, fit: .stretch, maxFrames: 1, info: info)
        defer { reader.close() }
        guard let frame = try reader.next() else {
            throw MediaError.noFrame(path: video.path, seconds: seconds, duration: info.duration)
        }
        return frame
    }
}
