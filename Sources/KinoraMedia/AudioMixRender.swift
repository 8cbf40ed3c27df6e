import Foundation

/// Runs one ffmpeg command that mixes sound and hands the result over as it is made: 48 kHz stereo
/// interleaved 32-bit float samples, read from ffmpeg's standard output in chunks (a film's sound is
/// measured while it is written to a work file). Stoppable at any moment.
public final class AudioMixRender: @unchecked Sendable {
    /// Samples a second of the mix.
    public static let sampleRate = 48000
    /// Channels of the mix.
    public static let channels = 2

    private let arguments: [String]
    /// What the mix is for, named in messages (the film being exported).
    private let output: URL
    // Guarded by `lock`: `cancel()` comes from another thread (a signal handler's queue).
    private let lock = NSLock()
    private var process: Subprocess?
    private var cancelled = false

    /// A mix of `arguments` (inputs and a filter graph that ends in one mapped audio output) for `output`.
    public init(arguments: [String], for output: URL) {
        self.arguments = arguments
        self.output = output
    }

    /// The ffmpeg arguments that read back what ``run(chunk:)`` handed over, written to a raw file.
    public static func rawInput(_ url: URL) -> [String] {
        ["-f", "f32le", "-ar", "\(sampleRate)", "-ac", "\(channels)", "-i", InputFile.ffmpegArgument(url)]
    }

    /// Mixes, calling `chunk` with each run of whole interleaved frames; throws
    /// ``MediaError/cancelled(path:)`` after ``cancel()`` and ``MediaError/encodeFailed(path:reason:)``
    /// with ffmpeg's reason.
    public func run(chunk: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let full =
            ["-nostdin", "-hide_banner", "-v", "error", "-y"] + arguments
            + [
                "-c:a", "pcm_f32le", "-ar", "\(Self.sampleRate)", "-ac", "\(Self.channels)", "-f", "f32le",
                "pipe:1",
            ]
        let child = try FFmpegTools.start(.ffmpeg, arguments: full, streams: [.stdout])
        let stopNow = lock.withLock {
            process = child
            return cancelled
        }
        if stopNow { child.terminate() }
        let frameBytes = MemoryLayout<Float>.size * Self.channels
        var buffer = [UInt8](repeating: 0, count: frameBytes * 4096)
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { try child.readStdout(into: $0) }
                let whole = count - count % frameBytes
                if whole > 0 {
                    try buffer.withUnsafeBytes { raw in
                        try chunk(raw.prefix(whole).bindMemory(to: Float.self))
                    }
                }
                if count < buffer.count { break }
            }
        } catch {
            child.terminate()
            child.wait()
            throw error
        }
        let status = child.wait()
        if lock.withLock({ cancelled }) { throw MediaError.cancelled(path: output.path) }
        guard status.isSuccess else {
            throw MediaError.encodeFailed(
                path: output.path,
                reason: "its sound could not be mixed: "
                    + FFmpegDiagnostics.reason(
                        from: child.stderrText, status: status, tool: .ffmpeg))
        }
    }

    /// Stops the mix; ``run(chunk:)`` then throws ``MediaError/cancelled(path:)``.
    public func cancel() {
        let child = lock.withLock {
            cancelled = true
            return process
        }
        child?.terminate()
    }
}
