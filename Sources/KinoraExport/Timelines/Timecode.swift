import KinoraCore

/// SMPTE timecode for frame counts at the film's rate, shared by the EDL and FCP 7 XML writers so every
/// format numbers frames the same way.
struct Timecode: Sendable, Equatable {
    /// Frames per timecode second: the rate rounded to a whole number (30 for 29.97).
    let nominalRate: Int
    /// Whether frame numbers 0 and 1 (0–3 at 59.94) are skipped at each minute but every tenth, so the
    /// timecode keeps up with the clock at 29.97 and 59.94.
    let dropFrame: Bool

    /// Timecode for `rate`: drop-frame for 30000/1001 and 60000/1001 (the only rates SMPTE defines it for),
    /// non-drop otherwise.
    init(rate: FrameRate) {
        nominalRate = max(1, Int((rate.framesPerSecond).rounded()))
        dropFrame = rate.denominator == 1001 && (rate.numerator == 30000 || rate.numerator == 60000)
    }

    /// Frames dropped at each minute that is not a tenth (2 at 29.97, 4 at 59.94; 0 without drop-frame).
    private var droppedPerMinute: Int { dropFrame ? nominalRate / 15 : 0 }

    /// `HH:MM:SS:FF`, or `HH:MM:SS;FF` with drop-frame, for `frame` frames from zero (negative counts as 0;
    /// hours wrap at 24 as timecode does).
    func string(frame: Int) -> String {
        var count = max(0, frame)
        if dropFrame {
            let drop = droppedPerMinute
            let perMinute = nominalRate * 60 - drop
            let perTenMinutes = perMinute * 10 + drop
            let tens = count / perTenMinutes
            let rest = count % perTenMinutes
            count += drop * 9 * tens
            if rest > drop { count += drop * ((rest - drop) / perMinute) }
        }
        let frames = count % nominalRate
        let seconds = count / nominalRate % 60
        let minutes = count / (nominalRate * 60) % 60
        let hours = count / (nominalRate * 3600) % 24
        let separator = dropFrame ? ";" : ":"
        return "\(Self.two(hours)):\(Self.two(minutes)):\(Self.two(seconds))\(separator)\(Self.two(frames))"
    }

    /// `FCM: DROP FRAME` or `FCM: NON-DROP FRAME`, as an EDL header says it.
    var edlFrameCodeMode: String { dropFrame ? "DROP FRAME" : "NON-DROP FRAME" }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
