import Foundation
import KinoraCore

/// Asks ffprobe what a media file holds.
public enum MediaProbe {
    /// Demuxers that read single pictures (`*_pipe` are ffmpeg's image pipe demuxers).
    static let stillFormats: Set<String> = ["image2", "image2pipe"]
    /// Codecs that normally hold one picture when a file has a single frame of them.
    static let stillCodecs: Set<String> = [
        "png", "mjpeg", "jpegls", "webp", "bmp", "tiff", "gif", "jpeg2000", "targa", "ppm", "pgm", "pam",
        "sgi", "qoi", "exr", "dpx", "pcx", "sunrast", "xbm", "xpm", "xwd", "psd", "hdr", "jpegxl", "dds",
        "pbm", "pgmyuv", "photocd", "pictor", "vbn",
    ]

    /// Runs `ffprobe -v error -print_format json -show_format -show_streams FILE` and decodes it.
    ///
    /// Throws ``MediaError/fileMissing(path:)`` / ``MediaError/emptyFile(path:)`` before
    /// running anything, ``MediaError/toolMissing(tool:configuredPath:)`` without ffprobe, and
    /// ``MediaError/unreadable(path:reason:)`` (with ffprobe's reason) for files it cannot open.
    /// A PNG or JPEG too large for ffprobe to size is described from its header instead. A still
    /// picture's turn is read here, once (``VideoStreamInfo/orientation``: a JPEG's EXIF
    /// Orientation, which ffprobe does not report), for every decode to apply.
    public static func probe(_ url: URL) throws -> MediaInfo {
        try InputFile.check(url)
        let path = url.path
        let output = try FFmpegTools.run(
            .ffprobe,
            arguments: [
                "-v", "error", "-hide_banner", "-pattern_type", "none", "-print_format", "json",
                "-show_format", "-show_streams", InputFile.ffmpegArgument(url),
            ])
        guard output.status.isSuccess else {
            if let described = LargeImageDecoder.probeInfo(for: url) { return described }
            let reason = FFmpegDiagnostics.reason(
                from: output.stderr, status: output.status, tool: .ffprobe, inputPath: path)
            throw MediaError.unreadable(path: path, reason: reason)
        }
        let report: ProbeReport
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            report = try decoder.decode(ProbeReport.self, from: Data(output.stdout))
        } catch {
            throw MediaError.unreadable(path: path, reason: "ffprobe's report could not be understood")
        }
        let info = mediaInfo(from: report)
        guard !info.streams.isEmpty else {
            let reason =
                FFmpegDiagnostics.reason(from: output.stderr, inputPath: path) ?? "it holds no streams"
            throw MediaError.unreadable(path: path, reason: reason)
        }
        if let video = info.video, video.width <= 0 || video.height <= 0 {
            // Over ffmpeg's limit (about 16000x16000) ffprobe reports 0x0: a PNG or JPEG is then
            // described from its header, and decoded in this process (LargeImageDecoder).
            if let described = LargeImageDecoder.probeInfo(for: url) { return described }
            // ffprobe exits 0 for a "PNG" that is really text, but cannot size the picture.
            let reason =
                FFmpegDiagnostics.reason(from: output.stderr, inputPath: path)
                ?? "the picture's size cannot be read"
            throw MediaError.unreadable(path: path, reason: reason)
        }
        return oriented(info, url: url)
    }

    /// `info` with a still picture's turn moved into ``VideoStreamInfo/orientation``: a JPEG's
    /// EXIF Orientation (read from its APP1 segment), else the stream's rotation; its rotation is
    /// then 0, as Kinora, not ffmpeg, turns stills.
    static func oriented(_ info: MediaInfo, url: URL) -> MediaInfo {
        guard info.isStillImage, var video = info.video else { return info }
        let exif = video.codec == "mjpeg" ? (try? StillPictureFile(url: url))?.header.orientation : nil
        video.orientation = exif ?? PictureOrientation(clockwiseDegrees: video.rotation)
        video.rotation = 0
        var result = info
        result.video = video
        return result
    }

    /// Builds a ``MediaInfo`` from ffprobe's decoded JSON report.
    static func mediaInfo(from report: ProbeReport) -> MediaInfo {
        let rawStreams = report.streams ?? []
        let streams = rawStreams.map { raw in
            StreamInfo(
                index: raw.index, kind: StreamInfo.Kind(rawValue: raw.codecType ?? "") ?? .other,
                codec: raw.codecName, duration: raw.duration.flatMap(Double.init),
                isAttachedPicture: raw.disposition?["attached_pic"] == 1)
        }
        let videoStreams = rawStreams.filter { $0.codecType == "video" }
        let chosen = videoStreams.first { $0.disposition?["attached_pic"] != 1 }
        let video = chosen.map(videoInfo)
        let formatName = report.format?.formatName ?? ""
        let hasAudio = streams.contains { $0.kind == .audio }

        let formats = formatName.split(separator: ",").map(String.init)
        let stillFormat = formats.contains { stillFormats.contains($0) || $0.hasSuffix("_pipe") }
        let singleStillFrame =
            video.map { stillCodecs.contains($0.codec) && $0.frameCount == 1 } ?? false
        let isStill = video != nil && !hasAudio && (stillFormat || singleStillFrame)

        var duration = report.format?.duration.flatMap(Double.init)
        if duration == nil, let chosen { duration = chosen.duration.flatMap(Double.init) }
        if isStill || !(duration?.isFinite ?? false) { duration = nil }

        return MediaInfo(
            duration: duration, formatName: formatName, streams: streams, video: video,
            hasAudio: hasAudio, isStillImage: isStill)
    }

    private static func videoInfo(_ raw: ProbeReport.Stream) -> VideoStreamInfo {
        let average = raw.avgFrameRate.flatMap(FrameRate.init(parsing:))
        let real = raw.rFrameRate.flatMap(FrameRate.init(parsing:))
        let rate = average ?? real
        return VideoStreamInfo(
            index: raw.index, width: raw.width ?? 0, height: raw.height ?? 0, fps: rate?.framesPerSecond ?? 0,
            frameRate: rate, frameCount: raw.nbFrames.flatMap { Int($0) },
            codec: raw.codecName ?? "unknown", pixelFormat: raw.pixFmt,
            sampleAspectRatio: sampleAspect(raw.sampleAspectRatio), rotation: rotation(of: raw))
    }

    /// "4:3" -> 1.333; unknown ("0:1", missing) -> 1.
    private static func sampleAspect(_ text: String?) -> Double {
        guard let parts = text?.split(separator: ":"), parts.count == 2,
            let num = Double(parts[0]), let den = Double(parts[1]), num > 0, den > 0
        else { return 1 }
        return num / den
    }

    /// Clockwise rotation in quarter turns' degrees, from the display matrix or `rotate` tag.
    private static func rotation(of raw: ProbeReport.Stream) -> Int {
        var degrees: Double?
        if let matrix = raw.sideDataList?.first(where: { $0.rotation != nil })?.rotation {
            degrees = -matrix  // the display matrix turns counter-clockwise
        } else if let tag = raw.tags?["rotate"], let value = Double(tag) {
            degrees = value
        }
        guard let degrees, degrees.isFinite else { return 0 }
        let quarters = Int((degrees / 90).rounded())
        return ((quarters % 4) + 4) % 4 * 90
    }
}
