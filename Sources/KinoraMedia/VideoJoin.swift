import Foundation
import KinoraCore

/// Joins two videos end to end into one, frame for frame: the whole of the first, then the second without
/// its first frames. An extended take is its base followed by a continuation generated from the base's
/// last frame; that continuation's first frame repeats the base's last, so it is dropped and the join
/// shows no repeated and no missing frame.
public enum VideoJoin {
    /// Writes `first` followed by `second` minus its first `dropping` frames to `output` (H.264 in MP4 at
    /// `frameRate`, the first video's size, with their sound when either has any), and returns how many
    /// frames it wrote.
    ///
    /// One ffmpeg process joins them in YUV (no round trip through RGB) and encodes at a higher quality
    /// than takes are made (crf 12), so the first part stays within a hair of the original. The file is
    /// checked whole before it appears at `output` (``FFmpegRender``). `isCancelled` is asked as ffmpeg
    /// reports progress.
    ///
    /// - Throws: ``MediaError`` for an unreadable input, a second video of another size or with no
    ///   frames past the dropped ones, a failed encode, ``MediaError/cancelled(path:)`` when cancelled.
    @discardableResult
    public static func join(
        _ first: URL, then second: URL, dropping: Int, to output: URL, frameRate: FrameRate,
        isCancelled: @escaping () -> Bool = { false }
    ) throws -> Int {
        let firstInfo = try MediaProbe.probe(first)
        guard let stream = firstInfo.video else { throw MediaError.noVideo(path: first.path) }
        let secondInfo = try MediaProbe.probe(second)
        guard let secondStream = secondInfo.video else { throw MediaError.noVideo(path: second.path) }
        guard secondStream.width == stream.width, secondStream.height == stream.height else {
            throw MediaError.frameSizeMismatch(
                path: second.path, expected: PixelSize(width: stream.width, height: stream.height),
                actual: PixelSize(width: secondStream.width, height: secondStream.height))
        }
        let rate = frameRate.framesPerSecond
        let head = frames(in: firstInfo, stream: stream, rate: rate)
        let tail = frames(in: secondInfo, stream: secondStream, rate: rate) - dropping
        guard tail > 0 else {
            throw MediaError.noFrame(
                path: second.path, seconds: Double(dropping) / rate, duration: secondInfo.duration)
        }
        var filter =
            "[0:v:0]setpts=PTS-STARTPTS,format=yuv420p[a];"
            + "[1:v:0]trim=start_frame=\(dropping),setpts=PTS-STARTPTS,format=yuv420p[b];"
            + "[a][b]concat=n=2:v=1:a=0[v]"
        var sound = ["-an"]
        // An engine's sound (LTX-2, a plug-in's) is joined too, each part cut to its pictures; a part
        // without sound is silence.
        if firstInfo.hasAudio || secondInfo.hasAudio {
            let headSeconds = Self.seconds(Double(head) / rate)
            let tailSeconds = Self.seconds(Double(tail) / rate)
            let format = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
            let firstSound =
                firstInfo.hasAudio
                ? "[0:a:0]\(format),apad,atrim=0:\(headSeconds),asetpts=PTS-STARTPTS[sa]"
                : "aevalsrc=0:c=stereo:s=48000:d=\(headSeconds)[sa]"
            let secondSound =
                secondInfo.hasAudio
                ? "[1:a:0]\(format),atrim=start=\(Self.seconds(Double(dropping) / rate)),asetpts=PTS-STARTPTS,"
                    + "apad,atrim=0:\(tailSeconds)[sb]"
                : "aevalsrc=0:c=stereo:s=48000:d=\(tailSeconds)[sb]"
            filter += ";\(firstSound);\(secondSound);[sa][sb]concat=n=2:v=0:a=1[s]"
            sound = ["-map", "[s]", "-c:a", "aac", "-b:a", "192k"]
        }
        let arguments =
            [
                "-i", InputFile.ffmpegArgument(first), "-i", InputFile.ffmpegArgument(second),
                "-filter_complex", filter, "-map", "[v]",
            ] + sound + [
                "-fps_mode", "passthrough",
                // The colour tags of the inputs carry through: takes are BT.709, another engine's may not be.
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "12", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart",
            ]
        let render = FFmpegRender(
            arguments: arguments, output: output, container: "mp4", totalFrames: head + tail,
            framesPerSecond: rate, estimatedBytes: fileSize(first) + fileSize(second))
        try render.run { _ in
            if isCancelled() { render.cancel() }
        }
        return head + tail
    }

    /// Seconds as ffmpeg reads them, to the microsecond.
    private static func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    /// How many frames a video has at `rate`: its stream's count when the container says, else its
    /// length times the rate.
    private static func frames(in info: MediaInfo, stream: VideoStreamInfo, rate: Double) -> Int {
        if let count = stream.frameCount, count > 0 { return count }
        return Int(((info.duration ?? 0) * rate).rounded())
    }

    /// The size of `url` in bytes, 0 when unknown.
    private static func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
