import Foundation

/// Runs one ffmpeg command that writes a file (an exported film), reporting progress from ffmpeg's
/// `-progress` stream and stoppable at any moment. The file appears only when ffmpeg succeeded: it is
/// written under a temporary name beside the output and renamed into place.
public final class FFmpegRender: @unchecked Sendable {
    /// The file to write.
    public let output: URL
    private let arguments: [String]
    private let container: String
    private let totalFrames: Int
    // Guarded by `lock`: `cancel()` comes from another thread (a signal handler's queue).
    private let lock = NSLock()
    private var process: Subprocess?
    private var cancelled = false

    /// A render of `arguments` (inputs, filters and codec options, without the output) into `output`
    /// as `container` (ffmpeg's muxer name: mp4, mov, gif, webp), expected to make `totalFrames` frames.
    public init(arguments: [String], output: URL, container: String, totalFrames: Int) {
        self.arguments = arguments
        self.output = output
        self.container = container
        self.totalFrames = max(totalFrames, 1)
    }

    /// The hidden file ffmpeg writes before it is renamed into place.
    public var partialURL: URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial")
    }

    /// Renders, calling `progress` with 0…1 as frames are written; throws ``MediaError/cancelled(path:)``
    /// after ``cancel()`` and ``MediaError/encodeFailed(path:reason:)`` with ffmpeg's reason.
    public func run(progress: (Double) -> Void = { _ in }) throws {
        let partial = partialURL
        defer { try? FileManager.default.removeItem(at: partial) }
        let full =
            ["-nostdin", "-hide_banner", "-v", "error", "-y", "-progress", "pipe:1", "-nostats"] + arguments
            + ["-f", container, InputFile.ffmpegArgument(partial)]
        let child = try FFmpegTools.start(.ffmpeg, arguments: full, streams: [.stdout])
        let stopNow = lock.withLock {
            process = child
            return cancelled
        }
        if stopNow { child.terminate() }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try child.readStdoutSome(into: $0) }
            if count == 0 { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasPrefix("frame="), let frame = Int(line.dropFirst(6)) {
                    progress(min(1, Double(frame) / Double(totalFrames)))
                }
            }
        }
        let status = child.wait()
        if lock.withLock({ cancelled }) { throw MediaError.cancelled(path: output.path) }
        guard status.isSuccess else {
            let reason = FFmpegDiagnostics.reason(from: child.stderrText, status: status, tool: .ffmpeg)
            throw MediaError.encodeFailed(path: output.path, reason: reason)
        }
        guard rename(partial.path, output.path) == 0 else {
            throw MediaError.encodeFailed(
                path: output.path,
                reason:
                    "the finished file could not be moved into place (\(String(cString: strerror(errno))))")
        }
        progress(1)
    }

    /// Stops the render; ``run(progress:)`` then throws ``MediaError/cancelled(path:)`` and leaves no file.
    public func cancel() {
        let child = lock.withLock {
            cancelled = true
            return process
        }
        child?.terminate()
    }
}
