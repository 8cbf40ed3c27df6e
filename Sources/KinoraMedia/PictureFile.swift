import Foundation

/// Writes pictures composed in Swift (contact sheets) to image files through ffmpeg, so no image
/// encoder of Kinora's own is needed.
public enum PictureFile {
    /// The largest side ffmpeg's PNG encoder is asked to write; larger pages are a layout bug.
    static let maximumSide = 16_384

    /// Writes `frame` as an RGB PNG at `url`, replacing any file there.
    ///
    /// ffmpeg writes a hidden file beside `url`, which is checked and renamed into place only when it
    /// is whole: a failure or a kill leaves the old file (or none), never half a picture.
    ///
    /// - Throws: ``MediaError/badSize(path:size:reason:)`` for an empty or huge frame,
    ///   ``MediaError/diskFull(path:shortage:)`` when it does not fit, ``MediaError/encodeFailed(path:reason:)``
    ///   for a missing folder or with ffmpeg's reason.
    public static func writePNG(_ frame: RGBFrame, to url: URL) throws {
        let partial = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        try writePNG(frame, staging: partial, for: url)
        try FinishedFile.moveIntoPlace(partial, as: url)
    }

    /// Writes `frame` as a whole, checked PNG at `partial`, for a caller that renames it into place as
    /// `url` itself (several pages at once); on failure nothing is left at `partial`. Errors name `url`.
    public static func writePNG(_ frame: RGBFrame, staging partial: URL, for url: URL) throws {
        let path = url.path
        guard (1...maximumSide).contains(frame.width), (1...maximumSide).contains(frame.height) else {
            throw MediaError.badSize(
                path: path, size: frame.size, reason: "width and height must be 1 to \(maximumSide) pixels")
        }
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        // ffmpeg would only say "Input/output error".
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw MediaError.encodeFailed(path: path, reason: "the folder \(folder.path) does not exist")
        }
        let arguments = [
            "-nostdin", "-hide_banner", "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "\(frame.size)", "-i", "pipe:0",
            "-frames:v", "1", "-c:v", "png", "-pix_fmt", "rgb24", "-f", "image2", "-update", "1",
            InputFile.ffmpegArgument(partial),
        ]
        let process = try FFmpegTools.start(.ffmpeg, arguments: arguments, streams: [.stdin])
        do {
            try frame.pixels.withUnsafeBytes { try process.writeToStdin($0) }
        } catch SubprocessError.brokenPipe {
            // ffmpeg stopped reading: its exit status and stderr say why.
        }
        process.closeStdin()
        let status = process.wait()
        let stderr = process.stderrText
        var problem: String?
        if !status.isSuccess {
            problem = FFmpegDiagnostics.reason(
                from: stderr, status: status, tool: .ffmpeg, inputPath: partial.path)
        } else if let failure = FFmpegDiagnostics.writeFailure(in: stderr, outputPath: partial.path) {
            problem = failure
        } else if !endsWithPNGTrailer(partial) {
            problem = "the picture was cut short"
        }
        guard let problem else { return }
        try? FileManager.default.removeItem(at: partial)
        // A contact sheet compresses to about a byte a pixel (mostly plain paper).
        if let shortage = DiskShortage.diagnose(
            writing: url, need: .about(Int64(frame.width * frame.height)), stderr: stderr)
        {
            throw MediaError.diskFull(path: path, shortage: shortage)
        }
        throw MediaError.encodeFailed(path: path, reason: problem)
    }

    /// `true` when `file` ends with a PNG's IEND chunk, which ffmpeg writes last.
    static func endsWithPNGTrailer(_ file: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 20 else { return false }
        try? handle.seek(toOffset: end - 12)
        let tail = (try? handle.readToEnd()) ?? Data()
        return tail == Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }
}
