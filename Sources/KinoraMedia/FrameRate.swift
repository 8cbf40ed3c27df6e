/// A frame rate as an exact fraction, such as 24/1 or 24000/1001.
public struct FrameRate: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Frames per `denominator` seconds; always positive.
    public let numerator: Int
    /// Always positive.
    public let denominator: Int

    /// Creates a rate from a fraction, reduced to lowest terms; `nil` unless both are positive.
    public init?(numerator: Int, denominator: Int) {
        guard numerator > 0, denominator > 0 else { return nil }
        let divisor = FrameRate.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// Parses ffprobe's "num/den" (or a plain number); `nil` for "0/0" and nonsense.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let num = Int(parts[0]), let den = Int(parts[1]) {
            self.init(numerator: num, denominator: den)
        } else if parts.count == 1, let value = Double(text) {
            self.init(approximating: value)
        } else {
            return nil
        }
    }

    /// The exact fraction for whole rates and the NTSC family (23.976 -> 24000/1001),
    /// otherwise the nearest thousandth; `nil` for values that are not positive and finite.
    public init?(approximating fps: Double) {
        guard fps.isFinite, fps > 0, fps < 1_000_000 else { return nil }
        let whole = fps.rounded()
        let ntsc = (fps * 1.001).rounded()
        if abs(fps - whole) < 1e-6, whole >= 1 {
            self.init(numerator: Int(whole), denominator: 1)
        } else if abs(fps - ntsc / 1.001) < 5e-4, ntsc >= 1 {
            self.init(numerator: Int(ntsc) * 1000, denominator: 1001)
        } else {
            self.init(numerator: max(1, Int((fps * 1000).rounded())), denominator: 1000)
        }
    }

    /// Frames per second as a floating-point number.
    public var value: Double { Double(numerator) / Double(denominator) }

    /// "24000/1001" (or "24" when the denominator is one), as ffmpeg accepts rates.
    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
