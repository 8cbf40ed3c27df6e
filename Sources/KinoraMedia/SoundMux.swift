import Foundation

/// Puts a file's sound beside a video Kinora re-encoded from it (another engine's output at another size
/// or frame count), so an engine's sound (LTX-2's, a workflow's) survives the re-encode.
public enum SoundMux {
    /// Rewrites `video` with the first sound stream of `source` added, cut to `seconds`; the pictures are
    /// copied as they are. The file is replaced only once the new one is complete and checked.
    ///
    /// - Throws: ``MediaError`` when ffmpeg fails or the disk is full.
    public static func addSound(of source: URL, to video: URL, seconds: Double, frames: Int, rate: Double)
        throws
    {
        let arguments = [
            "-i", InputFile.ffmpegArgument(video), "-i", InputFile.ffmpegArgument(source),
            "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", "192k",
            "-t", String(format: "%.6f", seconds), "-movflags", "+faststart",
        ]
        let size =
            ((try? FileManager.default.attributesOfItem(atPath: video.path))?[.size] as? NSNumber)?
            .int64Value ?? 0
        try FFmpegRender(
            arguments: arguments, output: video, container: "mp4", totalFrames: frames, framesPerSecond: rate,
            estimatedBytes: size + 2_000_000
        ).run()
    }
}
