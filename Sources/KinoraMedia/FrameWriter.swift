import Foundation
import KinoraCore

/// Encodes ``RGBFrame``s into an H.264 video file, streaming them to ffmpeg through a pipe.
///
/// Runs `ffmpeg -f rawvideo -pix_fmt rgb24 -s WxH -r FPS -i - -an -c:v libx264 -preset P
/// -crf C -pix_fmt yuv420p -movflags +faststart OUT`, converting with the BT.709 matrix and
/// tagging the file so players show the colours that went in. The container follows `url`'s
/// extension (`.mov`, `.mkv`; anything else, such as `take.mp4.partial`, gives MP4). The file
/// is written at `url` directly; the caller renames it into place after ``finish()``.
///
/// A writer that is neither finished nor cancelled when it is released is cancelled: ffmpeg is
/// killed and the partial file deleted.
///
/// `@unchecked Sendable`: ``write(_:)`` and ``finish()`` are serialised by `writeLock`; the
/// flags ``cancel()`` sets are guarded by `stateLock`, so ``cancel()`` may be called from any
/// thread, including while another is blocked in ``write(_:)`` (which then throws
/// ``MediaError/cancelled(path:)``).
public final class FrameWriter: @unchecked Sendable {
    /// The file being written.
    public let url: URL
    /// The size every frame must have.
    public let size: PixelSize
    /// Frames per second of the output.
    public let frameRate: FrameRate
    /// The ffmpeg arguments used (for diagnostics and tests).
    let arguments: [String]
    /// ffmpeg's muxer: `mp4`, `mov` or `matroska`.
    private let container: String

    private let process: Subprocess
    /// Turns each RGB frame into the yuv420p bytes ffmpeg reads.
    private let converter: YUVConverter
    /// The converted frame, reused for every write (guarded by `writeLock`).
    private let converted: UnsafeMutableRawBufferPointer
    private let writeLock = NSLock()
    private let stateLock = NSLock()
    private var state = State.open
    private var count = 0

    private enum State {
        case open, finished, cancelled, failed
    }

    /// Starts ffmpeg writing an H.264 video of `size` at `frameRate` to `url`.
    ///
    /// - Parameters:
    ///   - preset: the x264 speed/size trade-off (`ultrafast` ... `veryslow`).
    ///   - crf: constant quality, 0 (lossless) to 51 (worst); 18 looks transparent.
    /// - Throws: ``MediaError/badSize(path:size:reason:)`` for odd or empty sizes (yuv420p needs
    ///   even ones), ``MediaError/badParameter(path:name:value:reason:)`` for a bad preset or
    ///   crf, ``MediaError/toolMissing(tool:configuredPath:)`` without ffmpeg.
    public init(
        url: URL, size: PixelSize, frameRate: FrameRate, preset: String = "veryfast", crf: Int = 18
    ) throws {
        let path = url.path
        guard size.width > 0, size.height > 0, size.width <= 16_384, size.height <= 16_384 else {
            throw MediaError.badSize(
                path: path, size: size, reason: "width and height must be 2 to 16384 pixels")
        }
        guard size.width % 2 == 0, size.height % 2 == 0 else {
            throw MediaError.badSize(
                path: path, size: size,
                reason: "H.264 video (yuv420p) needs an even width and height; try "
                    + "\(size.width + size.width % 2)x\(size.height + size.height % 2)")
        }
        guard Self.presets.contains(preset) else {
            throw MediaError.badParameter(
                path: path, name: "preset", value: preset,
                reason: "use one of \(Self.presets.joined(separator: ", "))")
        }
        guard (0...51).contains(crf) else {
            throw MediaError.badParameter(
                path: path, name: "crf", value: "\(crf)", reason: "it must be between 0 and 51")
        }
        let container: String
        switch url.pathExtension.lowercased() {
        case "mov": container = "mov"
        case "mkv": container = "matroska"
        default: container = "mp4"
        }
        var arguments = [
            "-nostdin", "-hide_banner", "-v", "error", "-y",
            // Frames arrive already in yuv420p (see YUVConverter), so ffmpeg only encodes.
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", size.description, "-r", frameRate.description,
            "-i", "pipe:0", "-an",
            "-c:v", "libx264", "-preset", preset, "-crf", "\(crf)", "-pix_fmt", "yuv420p",
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
        ]
        if container != "matroska" { arguments += ["-movflags", "+faststart"] }
        arguments += ["-f", container, InputFile.ffmpegArgument(url)]

        self.url = url
        self.size = size
        self.frameRate = frameRate
        self.arguments = arguments
        self.container = container
        self.process = try FFmpegTools.start(.ffmpeg, arguments: arguments, streams: [.stdin])
        // Allocated only once nothing can fail, so a failed init cannot leak it.
        self.converter = YUVConverter(size: size)
        self.converted = .allocate(byteCount: converter.byteCount, alignment: 16)
    }

    /// Starts a writer at `fps` frames per second (23.976 and friends become exact NTSC rates).
    public convenience init(
        url: URL, size: PixelSize, fps: Double, preset: String = "veryfast", crf: Int = 18
    ) throws {
        guard let rate = FrameRate(approximating: fps) else {
            throw MediaError.badParameter(
                path: url.path, name: "frame rate", value: "\(fps)", reason: "it must be a positive number")
        }
        try self.init(url: url, size: size, frameRate: rate, preset: preset, crf: crf)
    }

    deinit {
        let unfinished = stateLock.withLock { state == .open }
        if unfinished { cancel() }
        converted.deallocate()
    }

    /// The x264 presets.
    static let presets = [
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
        "placebo",
    ]

    /// How many frames have been written.
    public var framesWritten: Int {
        stateLock.withLock { count }
    }

    /// Sends one frame to the encoder; blocks while ffmpeg catches up.
    ///
    /// - Throws: ``MediaError/frameSizeMismatch(path:expected:actual:)`` for a frame of another
    ///   size, ``MediaError/encodeFailed(path:reason:)`` (with ffmpeg's reason) when ffmpeg has
    ///   stopped, ``MediaError/cancelled(path:)`` after ``cancel()``.
    public func write(_ frame: RGBFrame) throws {
        try writeLock.withLock {
            let path = url.path
            guard frame.size == size, frame.pixels.count == size.rgbByteCount else {
                throw MediaError.frameSizeMismatch(path: path, expected: size, actual: frame.size)
            }
            switch stateLock.withLock({ state }) {
            case .open: break
            case .cancelled: throw cancelledError()
            case .finished, .failed:
                throw MediaError.encodeFailed(path: path, reason: "the video is already closed")
            }
            do {
                converter.convert(frame, into: converted)
                try process.writeToStdin(UnsafeRawBufferPointer(converted))
            } catch {
                throw failure(after: error)
            }
            stateLock.withLock { count += 1 }
        }
    }

    /// Closes ffmpeg's input, waits for it to finish the file, and checks the file: ffmpeg succeeded,
    /// reported no write error (it can exit 0 after failing to write the file's end), and the file
    /// reads back with every frame written, its last one decodable (``WrittenVideoCheck``).
    ///
    /// On failure the partial file is deleted, and a full disk is reported as
    /// ``MediaError/diskFull(path:shortage:)``. Calling it again after success does nothing.
    public func finish() throws {
        try writeLock.withLock {
            let path = url.path
            let (current, written) = stateLock.withLock { (state, count) }
            switch current {
            case .open: break
            case .finished: return
            case .cancelled: throw cancelledError()
            case .failed: throw MediaError.encodeFailed(path: path, reason: "encoding had already failed")
            }
            guard written > 0 else {
                markFailedAndClean()
                throw MediaError.encodeFailed(path: path, reason: "no frames were written")
            }
            process.closeStdin()
            let status = process.wait()
            guard status.isSuccess else {
                if stateLock.withLock({ state == .cancelled }) { throw cancelledError() }
                throw failAndClean(encoderError(status: status))
            }
            var problem = FFmpegDiagnostics.writeFailure(in: process.stderrText, outputPath: path)
            if problem == nil {
                let check = WrittenVideoCheck(
                    url: url, container: container, frames: written,
                    framesPerSecond: frameRate.framesPerSecond)
                problem = check.problem().map { "the finished file is not whole: \($0)" }
            }
            if let problem {
                // A cancel() while the file was read back deleted it: that, not the check, is the news.
                if stateLock.withLock({ state == .cancelled }) { throw cancelledError() }
                throw failAndClean(MediaError.encodeFailed(path: path, reason: problem))
            }
            // Check and settle in one step, so a racing cancel() either wins (and deletes the
            // file, and we say so) or sees `finished` and leaves the file alone.
            let cancelled = stateLock.withLock {
                if state == .cancelled { return true }
                state = .finished
                return false
            }
            if cancelled { throw cancelledError() }
        }
    }

    /// Stops encoding at once: kills ffmpeg and deletes the partial file. Safe from any thread
    /// and safe to call twice; does nothing after a successful ``finish()``.
    public func cancel() {
        let shouldClean = stateLock.withLock {
            guard state == .open || state == .failed else { return false }
            state = .cancelled
            return true
        }
        guard shouldClean else { return }
        discardOutput()
    }

    /// Makes sure ffmpeg is dead and the partial file gone, then returns the error to throw.
    ///
    /// Run on the writing thread too, so that when ``write(_:)`` throws `cancelled` the file is
    /// already deleted even if ``cancel()`` is still busy on another thread.
    private func cancelledError() -> MediaError {
        discardOutput()
        return MediaError.cancelled(path: url.path)
    }

    /// Kills ffmpeg, waits for it, and deletes the output. Idempotent.
    private func discardOutput() {
        process.terminate()
        process.wait()
        try? FileManager.default.removeItem(at: url)
    }

    /// Turns a failed pipe write into the error to throw, finishing off ffmpeg.
    private func failure(after error: Error) -> Error {
        if stateLock.withLock({ state == .cancelled }) { return cancelledError() }
        // The pipe broke because ffmpeg ended; its stderr says why.
        process.terminate()
        let status = process.wait()
        if case SubprocessError.brokenPipe = error {
            return failAndClean(encoderError(status: status))
        }
        let reason = (error as? SubprocessError)?.userMessage ?? String(describing: error)
        return failAndClean(MediaError.encodeFailed(path: url.path, reason: reason))
    }

    /// Marks the writer failed and deletes the file, then returns `error`, or the disk-full error when
    /// that is why: the take needed more than the bytes that fitted.
    private func failAndClean(_ error: MediaError) -> MediaError {
        let written = FinishedFile.size(of: url)
        markFailedAndClean()
        if let shortage = DiskShortage.diagnose(
            writing: url, need: .moreThan(written), stderr: process.stderrText)
        {
            return .diskFull(path: url.path, shortage: shortage)
        }
        return error
    }

    private func encoderError(status: ExitStatus) -> MediaError {
        let stderr = process.stderrText
        if stderr.contains("Unknown encoder 'libx264'") {
            return MediaError.encoderMissing(encoder: "libx264", path: url.path)
        }
        let reason = FFmpegDiagnostics.reason(
            from: stderr, status: status, tool: .ffmpeg, inputPath: url.path)
        return MediaError.encodeFailed(path: url.path, reason: reason)
    }

    private func markFailedAndClean() {
        stateLock.withLock {
            if state == .open { state = .failed }
        }
        discardOutput()
    }
}
