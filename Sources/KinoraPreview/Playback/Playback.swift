import Foundation
import KinoraMedia

/// Plays frames on the terminal at their frame rate: each frame is shown at its time or dropped,
/// so playback never falls behind the clock, whether the terminal, the network or the encoder is slow.
public struct Playback {
    /// What a playback did.
    public struct Report: Sendable, Equatable {
        /// Frames drawn.
        public var shown = 0
        /// Frames skipped because they were late.
        public var droppedLate = 0
        /// Frames skipped to keep to the bandwidth budget.
        public var droppedForBandwidth = 0
        /// Bytes written to the terminal.
        public var bytes = 0
        /// Seconds from the first frame to the end.
        public var seconds = 0.0
        /// Whether the user stopped it.
        public var stopped = false

        /// Nothing played yet.
        public init() {}

        /// Adds the counts of a later run (the next loop) to this one.
        public mutating func add(_ later: Report) {
            shown += later.shown
            droppedLate += later.droppedLate
            droppedForBandwidth += later.droppedForBandwidth
            bytes += later.bytes
            seconds += later.seconds
            stopped = later.stopped
        }

        /// Frames drawn per second.
        public var framesPerSecond: Double { seconds > 0 ? Double(shown) / seconds : 0 }
        /// Bytes written per second.
        public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }
    }

    /// Frames a second of the source.
    public var fps: Double
    /// Show frames at their time (true) or as fast as they can be made (false: the benchmark's capacity run).
    public var realTime = true
    /// The bandwidth budget.
    public var budget = BandwidthBudget(kilobitsPerSecond: nil)

    /// A playback at `fps` frames a second.
    public init(fps: Double) {
        self.fps = fps > 0 && fps.isFinite ? fps : 24
    }

    /// Plays `frames` (called until it returns nil) through `presenter`, writing with `write`.
    /// `wait(until)` is called between frames with a time on the monotonic clock (seconds); it returns
    /// false when the user asked to stop. `key` names the source for the picture cache.
    public mutating func play(
        key: String, frames: () throws -> RGBFrame?, presenter: inout some PicturePresenter,
        write: ([UInt8]) -> Void, wait: (Double) -> Bool = { _ in true }
    ) rethrows -> Report {
        var report = Report()
        var clockStart: Double?
        var index = 0
        while let frame = try frames() {
            defer { index += 1 }
            // The clock starts with the first frame, not before the decoder has started.
            let start = clockStart ?? Self.now()
            clockStart = start
            let due = start + Double(index) / fps
            let now = Self.now()
            if realTime && now > due + 1 / fps {
                report.droppedLate += 1
            } else if !budget.allows(at: now) {
                report.droppedForBandwidth += 1
            } else {
                let bytes = presenter.present(frame, key: "\(key)#\(index)")
                if !bytes.isEmpty { write(bytes) }
                budget.spend(bytes.count, at: now)
                report.bytes += bytes.count
                report.shown += 1
            }
            if !wait(realTime ? start + Double(index + 1) / fps : 0) {
                report.stopped = true
                break
            }
        }
        report.seconds = clockStart.map { Self.now() - $0 } ?? 0
        return report
    }

    /// Seconds on the monotonic clock.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
