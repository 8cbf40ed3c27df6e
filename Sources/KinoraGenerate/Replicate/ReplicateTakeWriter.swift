import Foundation
import KinoraCore
import KinoraMedia

/// Turns the video a Replicate model made into the take Kinora keeps: an H.264 MP4 of exactly the
/// project's size, rate and frame count. The model's clip plays at its own speed from its start (a 6 s
/// clip for a 2 s shot gives its first 2 s; a clip shorter than the shot holds its last frame), framed to
/// fill the take, and its sound (an audio-video model's) is kept. Runs on a blocking thread.
enum ReplicateTakeWriter {
    /// What the model's clip was, for the take's record.
    struct Written: Sendable {
        /// Frames in the model's clip, when the container says.
        var frames: Int?
        /// The clip's frame rate, when known.
        var rate: FrameRate?
        /// The clip's frame size.
        var size: FrameSize?
    }

    /// Writes the take at `target` from `file` (`frames` frames of `size` at `rate`).
    static func write(
        from file: URL, to target: URL, size: PixelSize, rate: FrameRate, frames: Int, model: String,
        cancelled: AtomicFlag
    ) throws -> Written {
        let info = try readable(file, model: model) { try MediaProbe.probe(file) }
        guard let video = info.video, !info.isStillImage else {
            throw GenerationError.failed(
                reason: "the output of the Replicate model \(model) holds no video (is it a video model?)")
        }
        let reader = try readable(file, model: model) {
            try FrameReader(
                url: file, size: size, fps: rate.framesPerSecond, fit: .fill, maxFrames: frames, info: info)
        }
        defer { reader.close() }
        let writer = try FrameWriter(url: target, size: size, frameRate: rate)
        do {
            var last: RGBFrame?
            for _ in 0..<frames {
                if cancelled.isSet { throw GenerationError.cancelled }
                if let next = try readable(file, model: model, { try reader.next() }) { last = next }
                guard let frame = last else {
                    throw GenerationError.failed(
                        reason: "the output of the Replicate model \(model) has no frames")
                }
                try writer.write(frame)
            }
            try writer.finish()
        } catch {
            writer.cancel()
            try? FileManager.default.removeItem(at: target)
            throw cancelled.isSet ? GenerationError.cancelled : error
        }
        if info.hasAudio {
            try SoundMux.addSound(
                of: file, to: target, seconds: Double(frames) / rate.framesPerSecond, frames: frames,
                rate: rate.framesPerSecond)
        }
        return Written(
            frames: video.frameCount, rate: video.frameRate,
            size: FrameSize(width: video.width - video.width % 2, height: video.height - video.height % 2))
    }

    /// Runs `body`, turning a media failure into a message about the model's output.
    private static func readable<Value>(_ file: URL, model: String, _ body: () throws -> Value) throws
        -> Value
    {
        do {
            return try body()
        } catch let error as MediaError {
            throw GenerationError.failed(
                reason:
                    "the output of the Replicate model \(model) (\(file.lastPathComponent)) could not be read: "
                    + error.userMessage)
        }
    }
}
