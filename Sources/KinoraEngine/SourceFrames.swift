import Foundation
import KinoraCore
import KinoraMedia

/// Random access to a video range's frames while holding only a bounded window in memory.
///
/// Forward access streams through one ffmpeg reader; a jump backwards (reverse, ping-pong) starts a
/// reader a chunk before the wanted frame. The window is bounded in bytes, so a long 1080p source never
/// sits in memory whole.
final class SourceFrames {
    private let url: URL
    private let size: PixelSize
    private let start: Double
    private let fps: Double
    private let info: MediaInfo
    /// Frames in the range.
    let count: Int
    private var reader: FrameReader?
    private var readerPosition = 0
    private var window: [Int: RGBFrame] = [:]
    private let capacity: Int

    /// Opens the range `start..<end` seconds of `url`, decoded at `size` and `fps`.
    init(url: URL, size: PixelSize, start: Double, end: Double, fps: Double, info: MediaInfo) {
        self.url = url
        self.size = size
        self.start = start
        self.fps = fps
        self.info = info
        self.count = max(1, Int(((end - start) * fps).rounded()))
        let budget = 160 << 20
        self.capacity = max(4, min(48, budget / max(size.rgbByteCount, 1)))
    }

    /// Frame `index` of the range (clamped to it).
    func frame(_ index: Int) throws -> RGBFrame {
        let wanted = min(max(index, 0), count - 1)
        if let frame = window[wanted] { return frame }
        if reader == nil || wanted < readerPosition || wanted - readerPosition > capacity {
            // Start a chunk early, so the frames just before (what reverse play wants next) come along.
            let first = max(0, wanted - (capacity - 2))
            reader = try FrameReader(
                url: url, size: size, start: start + Double(first) / fps, fps: fps, fit: .fill,
                maxFrames: count - first, info: info)
            readerPosition = first
        }
        while readerPosition <= wanted, let reader {
            guard let frame = try reader.next() else { break }
            remember(frame, at: readerPosition)
            readerPosition += 1
        }
        // A source shorter than its probed length ends early: hold its last frame.
        if let frame = window[wanted] ?? window.max(by: { $0.key < $1.key })?.value { return frame }
        throw EngineError.badSource(path: url.path, reason: "it has no frames in the chosen range")
    }

    private func remember(_ frame: RGBFrame, at index: Int) {
        window[index] = frame
        if window.count > capacity, let oldest = window.keys.min(by: { abs($0 - index) > abs($1 - index) }) {
            window[oldest] = nil
        }
    }
}
