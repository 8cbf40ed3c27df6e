/// Maps output frames to (fractional) source frames for speed changes, reverse and ping-pong playback.
struct Retiming: Sendable, Hashable {
    /// Frames the source range has.
    var sourceFrames: Int
    /// Source frames advanced per output frame.
    var speed: Double
    /// Direction.
    var playback: BuiltinParameters.Playback

    /// The source position for output frame `index`: the integer part picks a frame, the fraction how
    /// much of the next one blends in.
    func sourcePosition(_ index: Int) -> Double {
        let last = Double(max(sourceFrames - 1, 0))
        guard last > 0 else { return 0 }
        let travelled = Double(index) * speed
        switch playback {
        case .forward:
            return min(travelled, last)
        case .reverse:
            return max(last - travelled, 0)
        case .pingPong:
            let period = 2 * last
            let phase = travelled.truncatingRemainder(dividingBy: period)
            return phase <= last ? phase : period - phase
        }
    }
}
