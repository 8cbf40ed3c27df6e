import Foundation
import KinoraCore
import KinoraMedia

/// Turns what ComfyUI made into the take Kinora keeps: an H.264 MP4 of exactly the requested size, rate
/// and frame count. A file that already is one is copied as it is; anything else (another size, a
/// model's 4n+1 frame count, WebM, a picture sequence) is decoded and re-encoded through KinoraMedia,
/// with frames spread evenly over the take when the counts differ, and its sound (an audio-video model's)
/// kept. Runs on a blocking thread.
enum ComfyUITakeWriter {
    /// What the take must be.
    struct Target: Sendable {
        /// Where the take is written.
        var url: URL
        /// Its frame size.
        var size: PixelSize
        /// Its frame rate.
        var rate: FrameRate
        /// Its frame count.
        var frames: Int
        /// The rate the model made its frames at, when known: each take frame then shows the model frame
        /// at its time (retiming); `nil` spreads the frames evenly over the take.
        var sourceRate: FrameRate? = nil

        /// The index of the source frame (of `count`) that take frame `index` shows.
        func sourceIndex(_ index: Int, of count: Int) -> Int {
            guard let sourceRate else { return index * count / frames }
            let time = Double(index) / rate.framesPerSecond
            return min(count - 1, Int((time * sourceRate.framesPerSecond + 1e-6).rounded(.down)))
        }
    }

    /// Writes the take from one video file; returns `true` when it was copied without re-encoding.
    @discardableResult
    static func writeVideo(from file: URL, to target: Target, cancelled: AtomicFlag) throws -> Bool {
        let info = try readable(file) { try MediaProbe.probe(file) }
        guard let video = info.video, !info.isStillImage || target.frames == 1 else {
            throw GenerationError.failed(
                reason:
                    "ComfyUI's output \(file.lastPathComponent) holds no video; check the template's output node"
            )
        }
        if isTake(info, video: video, target: target) {
            try? FileManager.default.removeItem(at: target.url)
            try FileManager.default.copyItem(at: file, to: target.url)
            return true
        }
        let count = try video.frameCount.flatMap { $0 > 0 ? $0 : nil } ?? countFrames(file, info: info)
        guard count > 0 else {
            throw GenerationError.failed(reason: "ComfyUI's output \(file.lastPathComponent) has no frames")
        }
        let reader = try readable(file) {
            try FrameReader(url: file, size: target.size, fit: .fill, info: info)
        }
        defer { reader.close() }
        var current: RGBFrame?
        var position = -1
        try encode(target, cancelled: cancelled) { index in
            let wanted = target.sourceIndex(index, of: count)
            while position < wanted {
                guard let next = try readable(file, { try reader.next() }) else { break }
                current = next
                position += 1
            }
            guard let frame = current else {
                throw GenerationError.failed(
                    reason: "ComfyUI's output \(file.lastPathComponent) has no frames")
            }
            return frame
        }
        if info.hasAudio {
            try SoundMux.addSound(
                of: file, to: target.url, seconds: Double(target.frames) / target.rate.framesPerSecond,
                frames: target.frames, rate: target.rate.framesPerSecond)
        }
        return false
    }

    /// Writes the take from pictures in frame order.
    static func writeFrames(from files: [URL], to target: Target, cancelled: AtomicFlag) throws {
        guard !files.isEmpty else {
            throw GenerationError.failed(reason: "ComfyUI listed a picture sequence with no pictures")
        }
        var cache: (index: Int, frame: RGBFrame)?
        try encode(target, cancelled: cancelled) { index in
            let wanted = target.sourceIndex(index, of: files.count)
            if let cache, cache.index == wanted { return cache.frame }
            let file = files[wanted]
            let frame = try readable(file) {
                try FrameDecoder.decodeImage(url: file, size: target.size, fit: .fill)
            }
            cache = (wanted, frame)
            return frame
        }
    }

    /// Cuts a video source to the shot's range at the take's size and rate (so the workflow gets exactly
    /// the frames it should restyle) and writes it as an MP4 to upload.
    static func writeClip(
        from source: URL, range: (start: Double, end: Double), to target: Target, cancelled: AtomicFlag
    ) throws {
        let reader: FrameReader
        do {
            reader = try FrameReader(
                url: source, size: target.size, start: range.start, duration: range.end - range.start,
                fps: target.rate.framesPerSecond, fit: .fill, maxFrames: target.frames)
        } catch let error as MediaError {
            throw GenerationError.badSource(path: source.path, reason: error.userMessage)
        }
        defer { reader.close() }
        var last: RGBFrame?
        try encode(target, cancelled: cancelled) { _ in
            if let next = try reader.next() { last = next }
            guard let frame = last else {
                throw GenerationError.badSource(
                    path: source.path, reason: "it has no frames in the shot's range")
            }
            return frame
        }
    }

    // MARK: Helpers

    /// Encodes `target.frames` frames from `frame(index)`, stopping (and deleting the file) on cancel.
    private static func encode(_ target: Target, cancelled: AtomicFlag, frame: (Int) throws -> RGBFrame)
        throws
    {
        let writer = try FrameWriter(url: target.url, size: target.size, frameRate: target.rate)
        do {
            for index in 0..<target.frames {
                if cancelled.isSet { throw GenerationError.cancelled }
                try writer.write(try frame(index))
            }
            try writer.finish()
        } catch {
            writer.cancel()
            try? FileManager.default.removeItem(at: target.url)
            throw cancelled.isSet ? GenerationError.cancelled : error
        }
    }

    /// `true` when the file already is the take: H.264 yuv420p MP4, square pixels, unrotated, of the
    /// requested size, rate and frame count.
    private static func isTake(_ info: MediaInfo, video: VideoStreamInfo, target: Target) -> Bool {
        info.formatName.split(separator: ",").contains("mp4") && video.codec == "h264"
            && video.pixelFormat == "yuv420p" && video.width == target.size.width
            && video.height == target.size.height && video.sampleAspectRatio == 1 && video.rotation == 0
            && video.frameRate == target.rate && video.frameCount == target.frames
    }

    /// The number of frames in a file whose container does not say (WebM), by decoding it small.
    private static func countFrames(_ file: URL, info: MediaInfo) throws -> Int {
        let reader = try readable(file) {
            try FrameReader(url: file, size: PixelSize(width: 16, height: 16), fit: .stretch, info: info)
        }
        defer { reader.close() }
        return try readable(file) { try reader.forEachFrame { _ in } }
    }

    /// Runs `body`, turning a media failure into a message about ComfyUI's output.
    private static func readable<Value>(_ file: URL, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as MediaError {
            var reason = "ComfyUI's output \(file.lastPathComponent) could not be read: \(error.userMessage)"
            if file.pathExtension.lowercased() == "webp" {
                reason +=
                    " ffmpeg cannot read animated WebP; use SaveVideo (mp4, h264) in the template instead."
            }
            throw GenerationError.failed(reason: reason)
        }
    }
}
