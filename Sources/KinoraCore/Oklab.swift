import Foundation

/// A colour in Oklab, where straight-line distance follows how different two colours look.
///
/// Used to find the nearest colour a terminal or a style's palette can show; see Björn Ottosson,
/// "A perceptual colour space for image processing" (2020).
public struct Oklab: Equatable, Sendable {
    /// Lightness, 0 (black) to 1 (white).
    public var lightness: Double
    /// Green (negative) to red (positive).
    public var a: Double
    /// Blue (negative) to yellow (positive).
    public var b: Double

    /// A colour from its coordinates.
    public init(lightness: Double, a: Double, b: Double) {
        self.lightness = lightness
        self.a = a
        self.b = b
    }

    /// The sRGB colour `red`, `green`, `blue` (0–255 each) in Oklab.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        let r = Self.linear(red)
        let g = Self.linear(green)
        let b = Self.linear(blue)
        let l = Self.cubeRoot(0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * b)
        let m = Self.cubeRoot(0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * b)
        let s = Self.cubeRoot(0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * b)
        lightness = 0.210_454_255_3 * l + 0.793_617_785_0 * m - 0.004_072_046_8 * s
        a = 1.977_998_495_1 * l - 2.428_592_205_0 * m + 0.450_593_709_9 * s
        self.b = 0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766_0 * s
    }

    /// How colourful the colour is: 0 for greys.
    public var chroma: Double { (a * a + b * b).squareRoot() }

    /// The hue angle in radians, -π to π (meaningless for greys).
    public var hue: Double { atan2(b, a) }

    /// The squared straight-line distance to `other`.
    public func distanceSquared(to other: Oklab) -> Double {
        let dl = lightness - other.lightness
        let da = a - other.a
        let db = b - other.b
        return dl * dl + da * da + db * db
    }

    private static func linear(_ channel: UInt8) -> Double {
        let value = Double(channel) / 255
        return value <= 0.040_45 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
    }

    private static func cubeRoot(_ value: Double) -> Double {
        value < 0 ? -pow(-value, 1.0 / 3) : pow(value, 1.0 / 3)
    }
}
