import Foundation

/// One-shot decoding helpers built on ``FrameReader``: a single picture, a frame at a time,
/// and thumbnails written straight to a file.
public enum FrameDecoder {
    /// Decodes the (first) picture of `url` at `size`.
    ///
    /// Works for still images and videos alike (a video gives its first frame). Pass `info` when the
    /// file was already probed, to save a run of ffprobe.
    public static func decodeImage(url: URL, size: PixelSize, fit: FitMode = .fill, info: MediaInfo? = nil)
        throws
        -> RGBFrame
    {
        let reader = try FrameReader(url: url, size: size, fit: fit, maxFrames: 1, info: info)
        defer { reader.close() }
        guard let frame = try reader.next() else {
            throw MediaError.noFrame(path: url.path, seconds: 0, duration: reader.info.duration)
        }
        return frame
    }

    /// Decodes the frame shown at `seconds` into a video (the first frame whose time is at or
    /// after it), at `size`; a still image gives its picture whatever the time.
    ///
    /// - Throws: ``MediaError/noFrame(path:seconds:duration:)`` past the end of the video.
    public static func grabFrame(
        url: URL, at seconds: Double, size: PixelSize, fit: FitMode = .fill, info: MediaInfo? = nil
    ) throws -> RGBFrame {
        let probed = try info ?? MediaProbe.probe(url)
        if !probed.isStillImage, let duration = probed.duration, seconds >= duration {
            throw MediaError.noFrame(path: url.path, seconds: seconds, duration: duration)
        }
        let reader = try FrameReader(
            url: url, size: size, start: seconds, fit: fit, maxFrames: 1, info: probed)
        defer { reader.close() }
        guard let frame = try reader.next() else {
            throw MediaError.noFrame(path: url.path, seconds: seconds, duration: probed.duration)
        }
        return frame
    }

    /// Writes the frame at `seconds` of `source` as a picture file at `destination`, at most
    /// `maxWidth` pixels wide (never enlarged; shape kept, pixel aspect corrected).
    ///
    /// The format follows `destination`'s extension: `.jpg`/`.jpeg` give JPEG, anything else
    /// PNG (so a temporary name like `thumb.png.tmp` still works). The caller renames it
    /// into place. A PNG or JPEG too large for ffmpeg is shrunk in this process
    /// (``LargeImageDecoder``) and ffmpeg only encodes the thumbnail.
    public static func writeThumbnail(
        from source: URL, at seconds: Double, to destination: URL, maxWidth: Int
    ) throws {
        let outPath = destination.path
        guard maxWidth >= 1 else {
            throw MediaError.badParameter(
                path: outPath, name: "thumbnail width", value: "\(maxWidth)", reason: "it must be at least 1")
        }
        try FrameReader.checkSeconds(seconds, name: "time", path: source.path, allowZero: true)
        let info = try MediaProbe.probe(source)
        guard let video = info.video else { throw MediaError.noVideo(path: source.path) }
        if !info.isStillImage, let duration = info.duration, seconds >= duration {
            throw MediaError.noFrame(path: source.path, seconds: seconds, duration: duration)
        }
        let size = thumbnailSize(
            displayWidth: video.displayWidth, displayHeight: video.displayHeight, maxWidth: maxWidth)
        let plan = ScalePlan(video: video, target: size, fit: .stretch)

        var arguments = ["-nostdin", "-hide_banner", "-v", "error", "-y"]
        // A huge PNG or JPEG is shrunk in this process and piped to ffmpeg, which only encodes.
        var shrunk: RGBFrame?
        if let decoder = try LargeImageDecoder.replacingFFmpeg(
            for: source, info: info, video: video, plan: plan)
        {
            guard let frame = try decoder.decode(isCancelled: { false }) else {
                throw MediaError.cancelled(path: source.path)
            }
            shrunk = frame
            arguments += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "\(frame.size)", "-i", "pipe:0"]
        } else {
            arguments += FrameReader.inputOptions(info)
            if !info.isStillImage, seconds > 0 { arguments += ["-ss", FrameReader.format(seconds)] }
            arguments += [
                "-i", InputFile.ffmpegArgument(source), "-map", "0:\(video.index)", "-vf", plan.filter(),
            ]
        }
        arguments += ["-frames:v", "1", "-an", "-sn", "-dn"]
        let ext = destination.pathExtension.lowercased()
        if ext == "jpg" || ext == "jpeg" {
            arguments += ["-c:v", "mjpeg", "-q:v", "2"]
        } else {
            arguments += ["-c:v", "png"]
        }
        arguments += ["-f", "image2", "-update", "1", InputFile.ffmpegArgument(destination)]

        let output = try runFFmpeg(arguments, input: shrunk)
        guard output.status.isSuccess else {
            try? FileManager.default.removeItem(at: destination)
            let reason = FFmpegDiagnostics.reason(
                from: output.stderr, status: output.status, tool: .ffmpeg, inputPath: source.path)
            throw MediaError.encodeFailed(path: outPath, reason: reason)
        }
        let written = (try? FileManager.default.attributesOfItem(atPath: outPath)[.size] as? NSNumber)?
            .intValue
        guard let written, written > 0 else {
            try? FileManager.default.removeItem(at: destination)
            throw MediaError.noFrame(path: source.path, seconds: seconds, duration: info.duration)
        }
    }

    /// Runs ffmpeg to completion, writing `input`'s raw RGB to its stdin when given.
    private static func runFFmpeg(_ arguments: [String], input: RGBFrame?) throws -> Subprocess.Output {
        guard let input else { return try FFmpegTools.run(.ffmpeg, arguments: arguments) }
        let process = try FFmpegTools.start(.ffmpeg, arguments: arguments, streams: [.stdin])
        do {
            try input.pixels.withUnsafeBytes { try process.writeToStdin($0) }
        } catch SubprocessError.brokenPipe {
            // ffmpeg stopped reading: its exit status and stderr say why.
        }
        process.closeStdin()
        let status = process.wait()
        return Subprocess.Output(status: status, stdout: [], stderr: process.stderrText)
    }

    /// The size of a thumbnail at most `maxWidth` wide for a picture shown at the given shape.
    static func thumbnailSize(displayWidth: Double, displayHeight: Double, maxWidth: Int) -> PixelSize {
        let width = max(1.0, displayWidth)
        let height = max(1.0, displayHeight)
        let scale = min(1.0, Double(maxWidth) / width)
        return PixelSize(
            width: max(1, Int((width * scale).rounded())), height: max(1, Int((height * scale).rounded())))
    }
}
