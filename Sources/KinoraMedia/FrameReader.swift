import Foundation
import KinoraCore

/// Streams the frames of an image or a stretch of video as ``RGBFrame``s of one size.
///
/// ffmpeg decodes, scales and converts in a child process and writes raw rgb24 into a pipe;
/// ``next()`` reads exactly one frame's bytes at a time, so only the frame in hand is in
/// memory, whatever the length of the video. A still image gives one frame; a PNG or JPEG over
/// ``LargeImageDecoder/pixelThreshold`` is decoded in this process instead, shrunk row by row
/// with bounded memory (ffmpeg would decode it whole, or refuse it over about 16000x16000).
///
/// ```swift
/// let reader = try FrameReader(url: clip, size: PixelSize(width: 160, height: 90), start: 2, duration: 1)
/// while let frame = try reader.next() { show(frame) }
/// ```
///
/// `@unchecked Sendable`: ``next()`` calls are serialised by `readLock`, and the flags that
/// ``close()`` sets are guarded by `stateLock`, so ``close()`` may be called from another
/// thread to stop a reader blocked in ``next()`` (which then returns `nil`).
public final class FrameReader: @unchecked Sendable {
    /// The file being read.
    public let url: URL
    /// The size every frame comes out at.
    public let size: PixelSize
    /// What ffprobe found in the file.
    public let info: MediaInfo
    /// The ffmpeg arguments used (for diagnostics and tests); empty when decoding in process.
    let arguments: [String]

    /// Where frames come from.
    private enum Source {
        /// ffmpeg, decoding, scaling and converting in a child process.
        case ffmpeg(Subprocess)
        /// A huge still PNG or JPEG, shrunk while decoding in this process.
        case largeImage(LargeImageDecoder)
    }

    private let source: Source
    private let readLock = NSLock()
    private let stateLock = NSLock()
    private var isClosed = false
    private var isFinished = false
    private var count = 0

    /// Starts decoding `url` to frames of `size`.
    ///
    /// - Parameters:
    ///   - start: seconds into a video to start at (accurate to the frame); ignored for stills.
    ///   - duration: seconds of video to read from `start`; `nil` reads to the end.
    ///   - fps: resample to this rate (frames dropped or repeated); `nil` keeps the file's.
    ///   - fit: how a picture of another shape fills `size`.
    ///   - maxFrames: stop after this many frames.
    ///   - info: the file's probe result, if the caller already has it (saves a run of ffprobe).
    /// - Throws: ``MediaError`` for a missing, empty or unreadable file, a file without
    ///   pictures, a bad size or time, a missing ffmpeg, or a picture too large to decode in
    ///   bounded memory (``MediaError/pictureTooLarge(path:size:reason:)``).
    public init(
        url: URL, size: PixelSize, start: Double? = nil, duration: Double? = nil, fps: Double? = nil,
        fit: FitMode = .fill, maxFrames: Int? = nil, info: MediaInfo? = nil
    ) throws {
        let path = url.path
        guard size.width > 0, size.height > 0, size.width <= 32_768, size.height <= 32_768 else {
            throw MediaError.badSize(
                path: path, size: size, reason: "width and height must be 1 to 32768 pixels")
        }
        try Self.checkSeconds(start, name: "start time", path: path, allowZero: true)
        try Self.checkSeconds(duration, name: "duration", path: path, allowZero: false)
        var rate: FrameRate?
        if let fps {
            guard let parsed = FrameRate(approximating: fps) else {
                throw MediaError.badParameter(
                    path: path, name: "frame rate", value: "\(fps)", reason: "it must be a positive number")
            }
            rate = parsed
        }
        if let maxFrames, maxFrames < 1 {
            throw MediaError.badParameter(
                path: path, name: "frame limit", value: "\(maxFrames)", reason: "it must be at least 1")
        }
        let probed: MediaInfo
        if let info {
            try InputFile.check(url)
            probed = info
        } else {
            probed = try MediaProbe.probe(url)
        }
        guard let video = probed.video else { throw MediaError.noVideo(path: path) }

        let plan = ScalePlan(video: video, target: size, fit: fit)
        self.url = url
        self.size = size
        self.info = probed
        if let decoder = try LargeImageDecoder.replacingFFmpeg(
            for: url, info: probed, video: video, plan: plan)
        {
            self.arguments = []
            self.source = .largeImage(decoder)
            return
        }
        var arguments = ["-nostdin", "-hide_banner", "-v", "error"] + Self.inputOptions(probed)
        var frameLimit = maxFrames
        if probed.isStillImage {
            frameLimit = 1
            rate = nil
        } else {
            if let start, start > 0 { arguments += ["-ss", Self.format(start)] }
            if let duration { arguments += ["-t", Self.format(duration)] }
        }
        arguments += ["-i", InputFile.ffmpegArgument(url), "-map", "0:\(video.index)"]
        arguments += ["-vf", plan.filter(frameRate: rate)]
        if let frameLimit { arguments += ["-frames:v", "\(frameLimit)"] }
        arguments += ["-an", "-sn", "-dn", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]

        self.arguments = arguments
        self.source = .ffmpeg(try FFmpegTools.start(.ffmpeg, arguments: arguments, streams: [.stdout]))
    }

    deinit {
        close()
    }

    /// The next frame, or `nil` after the last one (or after ``close()``).
    ///
    /// - Throws: ``MediaError/unreadable(path:reason:)`` when ffmpeg fails before the first
    ///   frame, ``MediaError/decodeFailed(path:framesRead:reason:)`` when it fails later; both
    ///   carry the last meaningful line of ffmpeg's stderr.
    public func next() throws -> RGBFrame? {
        try readLock.withLock {
            if stateLock.withLock({ isClosed || isFinished }) { return nil }
            let process: Subprocess
            switch source {
            case .ffmpeg(let running): process = running
            case .largeImage(let decoder): return try decodeInProcess(decoder)
            }
            let byteCount = size.rgbByteCount
            var got = 0
            let pixels = try [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
                // Zero first: readStdout may throw after a partial read.
                buffer.initialize(repeating: 0)
                initialized = byteCount
                got = try process.readStdout(into: UnsafeMutableRawBufferPointer(buffer))
            }
            if got == byteCount {
                stateLock.withLock { count += 1 }
                return RGBFrame(width: size.width, height: size.height, pixels: pixels)
            }
            return try finish(process, partialBytes: got)
        }
    }

    /// `true` when frames are decoded in this process rather than by ffmpeg (for tests).
    var decodesInProcess: Bool {
        if case .largeImage = source { return true }
        return false
    }

    /// The one frame of a huge still, or `nil` when ``close()`` stopped it.
    private func decodeInProcess(_ decoder: LargeImageDecoder) throws -> RGBFrame? {
        defer { stateLock.withLock { isFinished = true } }
        guard let frame = try decoder.decode(isCancelled: { stateLock.withLock { isClosed } }) else {
            return nil
        }
        stateLock.withLock { count += 1 }
        return frame
    }

    /// Calls `body` with each remaining frame in turn; returns how many there were.
    @discardableResult
    public func forEachFrame(_ body: (RGBFrame) throws -> Void) throws -> Int {
        var seen = 0
        while let frame = try next() {
            seen += 1
            try body(frame)
        }
        return seen
    }

    /// How many frames ``next()`` has returned so far.
    public var framesRead: Int {
        stateLock.withLock { count }
    }

    /// Stops reading: kills ffmpeg if it is still running. Safe to call twice and from any
    /// thread; a ``next()`` blocked on another thread returns `nil`.
    public func close() {
        let wasOpen = stateLock.withLock {
            let open = !isClosed && !isFinished
            isClosed = true
            return open
        }
        guard case .ffmpeg(let process) = source else { return }
        if wasOpen {
            process.terminate()
        }
        process.wait()
    }

    /// Handles end of output: a clean end, a cut-off frame, or an ffmpeg failure.
    private func finish(_ process: Subprocess, partialBytes: Int) throws -> RGBFrame? {
        let status = process.wait()
        let (closed, framesSoFar) = stateLock.withLock {
            isFinished = true
            return (isClosed, count)
        }
        if closed { return nil }
        let path = url.path
        if !status.isSuccess {
            let reason = FFmpegDiagnostics.reason(
                from: process.stderrText, status: status, tool: .ffmpeg, inputPath: path)
            if framesSoFar == 0 { throw MediaError.unreadable(path: path, reason: reason) }
            throw MediaError.decodeFailed(path: path, framesRead: framesSoFar, reason: reason)
        }
        if partialBytes > 0 {
            throw MediaError.decodeFailed(
                path: path, framesRead: framesSoFar,
                reason:
                    "ffmpeg stopped in the middle of a frame (\(partialBytes) of \(size.rgbByteCount) bytes)")
        }
        return nil
    }

    /// ffmpeg's options for reading the file `info` describes, before its `-i`: a file name is
    /// never a pattern, and a still is not turned by ffmpeg (whose versions differ on EXIF), as
    /// the plan's filters turn it (``ScalePlan/orientation``).
    static func inputOptions(_ info: MediaInfo) -> [String] {
        var options: [String] = []
        if info.formatName.split(separator: ",").contains("image2") { options += ["-pattern_type", "none"] }
        if info.isStillImage { options += ["-autorotate", "0"] }
        return options
    }

    /// Throws ``MediaError/badParameter(path:name:value:reason:)`` unless `value` is a sane time.
    static func checkSeconds(_ value: Double?, name: String, path: String, allowZero: Bool) throws {
        guard let value else { return }
        // A billion seconds is 31 years: anything longer is a mistake, and would overflow.
        guard value.isFinite, value <= 1e9, allowZero ? value >= 0 : value > 0 else {
            throw MediaError.badParameter(
                path: path, name: name, value: "\(value)",
                reason: allowZero ? "it must be zero or more seconds" : "it must be more than zero seconds")
        }
    }

    /// Seconds as ffmpeg reads them, with microsecond precision and no exponent.
    static func format(_ seconds: Double) -> String {
        let micros = Int64((seconds * 1_000_000).rounded())
        let whole = micros / 1_000_000
        let fraction = micros % 1_000_000
        let digits = String(fraction)
        return "\(whole).\(String(repeating: "0", count: 6 - digits.count))\(digits)"
    }
}
