import Foundation

/// A colour in Björn Ottosson's Oklab space, where straight-line distance follows perceived
/// difference closely enough to pick the nearest palette colour.
struct Oklab {
    /// Perceived lightness, 0...1.
    let lightness: Double
    /// Green (negative) to red (positive).
    let a: Double
    /// Blue (negative) to yellow (positive).
    let b: Double

    /// A colour from its coordinates.
    init(lightness: Double, a: Double, b: Double) {
        self.lightness = lightness
        self.a = a
        self.b = b
    }

    /// The Oklab coordinates of an sRGB colour.
    init(red: UInt8, green: UInt8, blue: UInt8) {
        let r = Self.linear(red)
        let g = Self.linear(green)
        let bl = Self.linear(blue)
        let l = cbrt(0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * bl)
        let m = cbrt(0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * bl)
        let s = cbrt(0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * bl)
        lightness = 0.210_454_255_3 * l + 0.793_617_785_0 * m - 0.004_072_046_8 * s
        a = 1.977_998_495_1 * l - 2.428_592_205_0 * m + 0.450_593_709_9 * s
        b = 0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766_0 * s
    }

    /// Squared Euclidean distance to `other`.
    func distanceSquared(to other: Oklab) -> Double {
        let dl = lightness - other.lightness
        let da = a - other.a
        let db = b - other.b
        return dl * dl + da * da + db * db
    }

    /// An sRGB byte as linear light, 0...1.
    private static func linear(_ value: UInt8) -> Double {
        let v = Double(value) / 255
        return v <= 0.040_45 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }
}
