import Foundation
import Glibc

/// Writes pictures composed in Swift (contact sheets) to image files through ffmpeg, so no image
/// encoder of Kinora's own is needed.
public enum PictureFile {
    /// The largest side ffmpeg's PNG encoder is asked to write; larger pages are a layout bug.
    static let maximumSide = 16_384

    /// Writes `frame` as an RGB PNG at `url`, replacing any file there.
    ///
    /// ffmpeg writes a hidden file beside `url`, which is renamed into place only when it succeeded:
    /// a failure or a kill leaves the old file (or none), never half a picture.
    ///
    /// - Throws: ``MediaError/badSize(path:size:reason:)`` for an empty or huge frame,
    ///   ``MediaError/encodeFailed(path:reason:)`` for a missing folder or with ffmpeg's reason.
    public static func writePNG(_ frame: RGBFrame, to url: URL) throws {
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
        let partial = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
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
        guard status.isSuccess else {
            let reason = FFmpegDiagnostics.reason(
                from: process.stderrText, status: status, tool: .ffmpeg, inputPath: partial.path)
            throw MediaError.encodeFailed(path: path, reason: reason)
        }
        guard rename(partial.path, path) == 0 else {
            throw MediaError.encodeFailed(
                path: path,
                reason:
                    "the finished picture could not be moved into place (\(SubprocessError.describe(errno)))")
        }
    }
}
