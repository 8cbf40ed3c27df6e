import KinoraCore

/// The xterm colour palette, and the nearest of its colours to any other.
///
/// Colours 0–15 are the ANSI colours; their values here are xterm's defaults (every terminal lets
/// people change them, so they are only a guide). 16–231 are the 6×6×6 cube and 232–255 the grey
/// ramp, which terminals keep as xterm defines them.
enum XtermPalette {
    /// The xterm defaults for the 16 ANSI colours.
    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
        (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
        (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
        (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
    ]

    /// The six levels of each channel in the colour cube.
    static let cubeLevels: [UInt8] = [0x00, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]

    /// The red, green and blue of palette colour `index`.
    static func rgb(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16:
            return ansi[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = UInt8(8 + 10 * (Int(index) - 232))
            return (grey, grey, grey)
        }
    }

    /// Every palette colour in Oklab, by index.
    private static let lab: [Oklab] = (0...255).map { index in
        let (red, green, blue) = rgb(UInt8(index))
        return Oklab(red: red, green: green, blue: blue)
    }

    /// The cube or grey-ramp colour (16–255) nearest to `color`, other than `excluded`.
    ///
    /// 0–15 are left out: terminals change them, so only 16–255 look the same everywhere.
    static func nearestIndexed(to color: Oklab, excluding excluded: UInt8? = nil) -> UInt8 {
        nearest(to: color, among: 16...255, excluding: excluded)
    }

    /// The ANSI colour (0–15) nearest to `color`, other than `excluded`.
    ///
    /// Sixteen colours are too few for plain distance: it turns every pale colour grey. So a
    /// colour with next to no chroma takes the grey (black, gray, white, bright white) nearest in
    /// lightness, and any other takes the chromatic ANSI colour nearest in hue, lightness deciding
    /// between the normal and bright one: a pale blue stays blue.
    static func nearestANSI(to color: Oklab, excluding excluded: UInt8? = nil) -> UInt8 {
        let candidates = (color.chroma < greyChroma ? greys : chromatic).filter { $0 != excluded }
        let hue = color.hue
        func distance(_ index: UInt8) -> Double {
            let candidate = lab[Int(index)]
            let lightness = color.lightness - candidate.lightness
            guard color.chroma >= greyChroma else { return abs(lightness) }
            var turn = abs(hue - candidate.hue)
            if turn > Double.pi { turn = 2 * Double.pi - turn }
            return turn * turn + 4 * lightness * lightness
        }
        return candidates.min { distance($0) < distance($1) } ?? (excluded == 0 ? 15 : 0)
    }

    /// Below this chroma a colour counts as grey when matching the 16 ANSI colours.
    private static let greyChroma = 0.05
    /// Black, gray (bright black), white and bright white.
    private static let greys: [UInt8] = [0, 8, 7, 15]
    /// The ANSI colours that have a hue.
    private static let chromatic: [UInt8] = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]

    private static func nearest(
        to color: Oklab, among candidates: ClosedRange<Int>, excluding excluded: UInt8?
    )
        -> UInt8
    {
        var best = candidates.lowerBound
        var bestDistance = Double.infinity
        for index in candidates where index != excluded.map(Int.init) {
            let distance = color.distanceSquared(to: lab[index])
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return UInt8(best)
    }
}
