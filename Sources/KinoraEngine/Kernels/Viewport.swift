import Foundation

/// The part of a source picture one output frame shows, in sub-pixel source coordinates.
///
/// `(0, 0)` is the top-left corner of the source's top-left pixel and `(width, height)` of the
/// source is its bottom-right corner, so a pixel's centre sits at `(x + 0.5, y + 0.5)`.
struct Viewport: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Horizontal centre, in source pixels.
    var centerX: Double
    /// Vertical centre, in source pixels.
    var centerY: Double
    /// Width, in source pixels (may be fractional or smaller than one pixel).
    var width: Double
    /// Height, in source pixels.
    var height: Double
    /// Horizontal shift, in source pixels, of a point of depth 1 relative to one at `parallaxPivot`.
    ///
    /// Zero for flat moves; truck and orbit set it so near things slide further than far ones.
    var parallax: Double
    /// The depth (0 far ... 1 near) that does not shift with parallax.
    var parallaxPivot: Double

    /// A viewport centred at `(centerX, centerY)`, without parallax unless given.
    init(
        centerX: Double, centerY: Double, width: Double, height: Double, parallax: Double = 0,
        parallaxPivot: Double = 0
    ) {
        self.centerX = centerX
        self.centerY = centerY
        self.width = width
        self.height = height
        self.parallax = parallax
        self.parallaxPivot = parallaxPivot
    }

    /// The left edge.
    var minX: Double { centerX - width / 2 }
    /// The right edge.
    var maxX: Double { centerX + width / 2 }
    /// The top edge.
    var minY: Double { centerY - height / 2 }
    /// The bottom edge.
    var maxY: Double { centerY + height / 2 }

    /// The largest horizontal distance any point is moved by parallax (depth is in `0...1`).
    var maximumParallaxShift: Double {
        abs(parallax) * max(parallaxPivot, 1 - parallaxPivot)
    }

    /// "1280.00x720.00 at (960.00, 540.00)", for failure messages and logs.
    var description: String {
        let numbers = [width, height, centerX, centerY].map { String(format: "%.2f", $0) }
        var text = "\(numbers[0])x\(numbers[1]) at (\(numbers[2]), \(numbers[3]))"
        if parallax != 0 {
            text += String(format: " parallax %.2f about %.2f", parallax, parallaxPivot)
        }
        return text
    }
}
