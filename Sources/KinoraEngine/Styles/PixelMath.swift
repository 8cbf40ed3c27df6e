/// Small numeric helpers shared by the styles' inner loops.
///
/// Float-to-integer conversions here avoid Swift's checked initialisers (which test for NaN and
/// range on every call and keep loops from vectorising): values are clamped first, then rounded
/// with the 1.5 × 2²³ trick, where adding the constant leaves the rounded integer in the low
/// mantissa bits.
enum PixelMath {
    /// 1.5 × 2²³: adding it to a Float of magnitude below 2²² rounds it to an integer.
    private static let roundingBias: Float = 12_582_912

    /// `value` rounded to the nearest integer (ties to even), for magnitudes below 2²².
    @inline(__always)
    static func rounded(_ value: Float) -> Float {
        (value + roundingBias) - roundingBias
    }

    /// `value` clamped to 0...`limit` (NaN gives 0) and rounded; `limit` must be below 2²².
    @inline(__always)
    static func index(_ value: Float, limit: Int) -> Int {
        let clamped = value > 0 ? min(value, Float(limit)) : 0
        return Int((clamped + roundingBias).bitPattern & 0x3F_FFFF)
    }

    /// `value` rounded to the nearest byte, clamped to 0...255 (NaN gives 0).
    @inline(__always)
    static func byte(_ value: Float) -> UInt8 {
        let clamped = value > 0 ? min(value, 255) : 0
        return UInt8(truncatingIfNeeded: (clamped + roundingBias).bitPattern)
    }

    /// `value` rounded to the nearest byte, clamped to 0...255 (NaN gives 0); for table building.
    static func byte(_ value: Double) -> UInt8 {
        let clamped = value > 0 ? min(value, 255) : 0
        return UInt8(clamped.rounded())
    }

    /// Hermite step from 0 at `edge0` to 1 at `edge1`.
    static func smoothstep(_ edge0: Double, _ edge1: Double, _ value: Double) -> Double {
        let t = min(1, max(0, (value - edge0) / (edge1 - edge0)))
        return t * t * (3 - 2 * t)
    }

    /// How large, relative to a 720-line picture, the shorter side of a frame is: filter radii
    /// and cell sizes scale by it so a look is the same at every resolution.
    static func scale(width: Int, height: Int) -> Double {
        Double(max(1, min(width, height))) / 720
    }
}
