import Foundation

/// Runs one ffmpeg command that writes a file (an exported film), reporting progress from ffmpeg's
/// `-progress` stream and stoppable at any moment. The file appears only when it is complete: it is
/// written under a temporary name beside the output, read back (``WrittenVideoCheck``: ffmpeg can exit
/// with status 0 having failed to finish the file), flushed to disk and only then renamed into place.
public final class FFmpegRender: @unchecked Sendable {
    /// The file to write.
    public let output: URL
    private let arguments: [String]
    private let container: String
    private let totalFrames: Int
    private let framesPerSecond: Double
    private let estimatedBytes: Int64
    // Guarded by `lock`: `cancel()` comes from another thread (a signal handler's queue).
    private let lock = NSLock()
    private var process: Subprocess?
    private var cancelled = false

    /// A render of `arguments` (inputs, filters and codec options, without the output) into `output`
    /// as `container` (ffmpeg's muxer name: mp4, mov, gif, webp), expected to make `totalFrames` frames
    /// at `framesPerSecond`, of roughly `estimatedBytes` (for the message when the disk is too small).
    public init(
        arguments: [String], output: URL, container: String, totalFrames: Int, framesPerSecond: Double,
        estimatedBytes: Int64
    ) {
        self.arguments = arguments
        self.output = output
        self.container = container
        self.totalFrames = max(totalFrames, 1)
        self.framesPerSecond = framesPerSecond
        self.estimatedBytes = estimatedBytes
    }

    /// The hidden file ffmpeg writes before it is renamed into place.
    public var partialURL: URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial")
    }

    /// Renders, calling `progress` with 0…1 as frames are written; throws ``MediaError/cancelled(path:)``
    /// after ``cancel()``, ``MediaError/diskFull(path:shortage:)`` when the file did not fit, and
    /// ``MediaError/encodeFailed(path:reason:)`` with ffmpeg's reason or what is wrong with the file.
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
        var report = ProgressReport()
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try child.readStdoutSome(into: $0) }
            if count == 0 { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if report.read(line) {
                    progress(min(1, Double(report.frames) / Double(totalFrames)))
                }
            }
        }
        let status = child.wait()
        if lock.withLock({ cancelled }) { throw MediaError.cancelled(path: output.path) }
        let stderr = child.stderrText
        if let problem = problem(status: status, stderr: stderr, partial: partial) {
            throw failure(problem, stderr: stderr, report: report, partial: partial)
        }
        try FinishedFile.moveIntoPlace(partial, as: output)
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

    /// What went wrong, if anything: ffmpeg's failure, a write error it reported but exited 0 after, or
    /// a file that does not read back whole.
    private func problem(status: ExitStatus, stderr: String, partial: URL) -> String? {
        guard status.isSuccess else {
            return FFmpegDiagnostics.reason(
                from: stderr, status: status, tool: .ffmpeg, inputPath: partial.path)
        }
        if let failure = FFmpegDiagnostics.writeFailure(in: stderr, outputPath: partial.path) {
            return failure
        }
        guard
            let problem = WrittenVideoCheck(
                url: partial, container: container, frames: totalFrames, framesPerSecond: framesPerSecond
            ).problem()
        else { return nil }
        return "the finished file is not whole: \(problem)"
    }

    /// The error for a failed render: the disk's fault when it is full, else `problem`. What the film
    /// needs is the bytes written so far scaled up to every frame once a quarter of them were done, the
    /// plan's estimate before that, and always more than the room there was.
    private func failure(_ problem: String, stderr: String, report: ProgressReport, partial: URL)
        -> MediaError
    {
        let written = FinishedFile.size(of: partial)
        var needed = estimatedBytes
        if report.frames * 4 >= totalFrames, report.bytes > 0 {
            needed = report.bytes * Int64(totalFrames) / Int64(report.frames)
        }
        needed = max(needed, written)
        try? FileManager.default.removeItem(at: partial)
        if let shortage = DiskShortage.diagnose(writing: output, need: .about(needed), stderr: stderr) {
            return .diskFull(path: output.path, shortage: shortage)
        }
        return .encodeFailed(path: output.path, reason: problem)
    }
}

/// What ffmpeg's `-progress` stream has said so far: frames done and bytes written.
private struct ProgressReport {
    /// Frames encoded.
    var frames = 0
    /// Bytes of the output written.
    var bytes: Int64 = 0

    /// Takes in one `key=value` line; `true` when it moved the frame count.
    mutating func read(_ line: String) -> Bool {
        if line.hasPrefix("frame="), let frame = Int(line.dropFirst(6)) {
            frames = frame
            return true
        }
        if line.hasPrefix("total_size="), let size = Int64(line.dropFirst(11)) {
            bytes = size
        }
        return false
    }
}
