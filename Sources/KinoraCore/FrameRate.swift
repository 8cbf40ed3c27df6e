import Foundation

/// A frame rate as an exact fraction, so 23.976 (24000/1001) stays exact through timelines and EDLs.
///
/// Stored in files as text: `"24"` or `"24000/1001"`.
public struct FrameRate: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Frames per `denominator` seconds.
    public let numerator: Int
    /// Seconds in which `numerator` frames play.
    public let denominator: Int

    /// A rate of `numerator/denominator` frames per second; `nil` unless both are positive and sane.
    public init?(numerator: Int, denominator: Int = 1) {
        guard numerator > 0, denominator > 0, numerator <= 1_000_000, denominator <= 1_000_000 else {
            return nil
        }
        let divisor = FrameRate.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// Parses `24`, `29.97`, `23.976` or `24000/1001`; the common NTSC decimals map to their exact fractions.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let num = Int(parts[0]), let den = Int(parts[1]) else { return nil }
            self.init(numerator: num, denominator: den)
            return
        }
        if let whole = Int(trimmed) {
            self.init(numerator: whole)
            return
        }
        guard let value = Double(trimmed) else { return nil }
        self.init(approximating: value)
    }

    /// The exact fraction for whole rates and the NTSC family (23.976 → 24000/1001), otherwise the nearest
    /// thousandth; `nil` for values that are not positive and finite.
    public init?(approximating fps: Double) {
        guard fps.isFinite, fps > 0, fps <= 1000 else { return nil }
        let whole = fps.rounded()
        let ntsc = (fps * 1.001).rounded()
        if abs(fps - whole) < 1e-6, whole >= 1 {
            self.init(numerator: Int(whole))
        } else if abs(fps - ntsc / 1.001) < 5e-4, ntsc >= 1 {
            self.init(numerator: Int(ntsc) * 1000, denominator: 1001)
        } else {
            self.init(numerator: max(1, Int((fps * 1000).rounded())), denominator: 1000)
        }
    }

    /// Frames per second as a floating-point number, for arithmetic that needs one.
    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// `24` or `24000/1001`, the form written to files and given to ffmpeg.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// The number of whole frames in `seconds`, rounded to the nearest frame.
    public func frames(in seconds: Double) -> Int {
        Int((seconds * framesPerSecond).rounded())
    }

    /// Explains what a valid rate looks like, for error messages.
    public static let rule = "a frame rate looks like \"24\" or \"24000/1001\""

    /// Decodes the textual form, refusing anything that is not a positive rate.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(decoder, rule: FrameRate.rule, parse: FrameRate.init(parsing:))
    }

    /// Encodes the textual form.
    public func encode(to encoder: Encoder) throws {
        try TextCoding.encode(description, to: encoder)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
