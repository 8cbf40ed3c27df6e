import TermGrid

/// How a theme's colours become curses colour numbers on one terminal: the palette it reaches,
/// whether it takes -1 for its own colours, and the bold that brightens a colour on 8-colour
/// terminals.
struct ColorMapping: Hashable, Sendable {
    /// The colour numbers a terminal can show.
    enum Palette: Hashable, Sendable {
        /// No colour: attributes only.
        case none
        /// Colours 0–7; bright foregrounds are shown bold.
        case eight
        /// The 16 ANSI colours.
        case sixteen
        /// The xterm 256-colour palette.
        case indexed256
        /// Direct colour: a colour number is `0xRRGGBB` (terminfo entries such as `xterm-direct`).
        case direct
    }

    /// A colour as curses takes it, and whether the cell must be bold to show it (bright colours on
    /// an 8-colour terminal).
    struct Resolved: Hashable, Sendable {
        /// The curses colour number; -1 is the terminal's own colour.
        var number: Int32
        /// Whether A_BOLD is needed.
        var bold: Bool
    }

    /// The colour numbers in reach.
    let palette: Palette
    /// Whether -1 (the terminal's own colour) is allowed (use_default_colors succeeded).
    let defaultColors: Bool

    /// A mapping onto `palette`.
    init(palette: Palette, defaultColors: Bool = true) {
        self.palette = palette
        self.defaultColors = defaultColors
    }

    /// The mapping for a terminal with `colors` colours (curses' COLORS) shown at `depth` (which a
    /// user may have lowered, or raised beyond what curses can send).
    init(colors: Int, depth: ColorDepth, defaultColors: Bool = true) {
        let sixteen: Palette = colors >= 16 ? .sixteen : colors >= 8 ? .eight : .none
        let indexed: Palette = colors >= 256 ? .indexed256 : sixteen
        switch depth {
        case .monochrome: palette = .none
        case .ansi16: palette = sixteen
        case .indexed256: palette = indexed
        case .trueColor: palette = colors >= Self.directColors ? .direct : indexed
        }
        self.defaultColors = defaultColors
    }

    /// COLORS of a direct-colour terminfo entry.
    static let directColors = 1 << 24

    /// Whether cells carry colour at all.
    var usesColor: Bool { palette != .none }

    /// `color` as a text colour.
    func foreground(_ color: TerminalColor) -> Resolved { resolve(color, foreground: true) }

    /// `color` as a cell colour.
    func background(_ color: TerminalColor) -> Resolved { resolve(color, foreground: false) }

    private func resolve(_ color: TerminalColor, foreground: Bool) -> Resolved {
        switch (palette, color) {
        case (.none, _):
            return Resolved(number: -1, bold: false)
        case (_, .standard):
            return Resolved(number: defaultColors ? -1 : (foreground ? 7 : 0), bold: false)
        case (_, .ansi(let number)):
            return ansi(Int(number & 15), foreground: foreground)
        case (_, .indexed(let number)) where number < 16:
            return ansi(Int(number), foreground: foreground)
        case (.indexed256, .indexed(let number)):
            return Resolved(number: Int32(number), bold: false)
        case (.direct, .indexed(let number)):
            return Resolved(number: Self.packed(Self.rgb(ofIndexed: number)), bold: false)
        case (_, .indexed(let number)):
            let (red, green, blue) = Self.rgb(ofIndexed: number)
            return ansi(Int(Self.nearest16(red: red, green: green, blue: blue)), foreground: foreground)
        case (.indexed256, .rgb(let red, let green, let blue)):
            return Resolved(number: Int32(Self.nearest256(red: red, green: green, blue: blue)), bold: false)
        case (.direct, .rgb(let red, let green, let blue)):
            return Resolved(number: Self.packed((red, green, blue)), bold: false)
        case (_, .rgb(let red, let green, let blue)):
            return ansi(Int(Self.nearest16(red: red, green: green, blue: blue)), foreground: foreground)
        }
    }

    /// ANSI colour `number` (0–15) on this palette.
    private func ansi(_ number: Int, foreground: Bool) -> Resolved {
        switch palette {
        case .none: Resolved(number: -1, bold: false)
        case .eight: Resolved(number: Int32(number % 8), bold: foreground && number >= 8)
        case .sixteen, .indexed256: Resolved(number: Int32(number), bold: false)
        // Direct-colour entries send 0–7 as ANSI colours and everything else as RGB.
        case .direct:
            number < 8
                ? Resolved(number: Int32(number), bold: false)
                : Resolved(number: Self.packed(Self.rgb(ofIndexed: UInt8(number))), bold: false)
        }
    }

    /// A direct colour number; the few below 8 (which would read as ANSI colours) become black.
    private static func packed(_ rgb: (UInt8, UInt8, UInt8)) -> Int32 {
        let value = Int32(rgb.0) << 16 | Int32(rgb.1) << 8 | Int32(rgb.2)
        return value < 8 ? 0 : value
    }
}

extension ColorMapping {
    /// The levels of the xterm 6×6×6 colour cube.
    static let cubeLevels: [Int] = [0x00, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]

    /// xterm's default colours 0–15.
    static let ansiColors: [(UInt8, UInt8, UInt8)] = [
        (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
        (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
        (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
        (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
    ]

    /// The RGB value xterm gives indexed colour `index`.
    static func rgb(ofIndexed index: UInt8) -> (UInt8, UInt8, UInt8) {
        let value = Int(index)
        if value < 16 { return ansiColors[value] }
        if value >= 232 {
            let grey = UInt8(8 + 10 * (value - 232))
            return (grey, grey, grey)
        }
        let cube = value - 16
        return (
            UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]), UInt8(cubeLevels[cube % 6])
        )
    }

    /// The nearest xterm-256 colour to an RGB value, from the colour cube and the grey ramp (16–255;
    /// the first 16 are left out because every terminal changes them).
    static func nearest256(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let channels = [Int(red), Int(green), Int(blue)]
        let steps = channels.map(cubeStep)
        let cube = steps.map { cubeLevels[$0] }
        let cubeIndex = 16 + 36 * steps[0] + 6 * steps[1] + steps[2]
        if cube == channels { return UInt8(cubeIndex) }
        let average = channels.reduce(0, +) / 3
        let greyStep = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + 10 * greyStep
        let cubeDistance = distance(cube, channels)
        let greyDistance = distance([grey, grey, grey], channels)
        return UInt8(greyDistance < cubeDistance ? 232 + greyStep : cubeIndex)
    }

    /// The nearest of the 16 ANSI colours (as xterm shows them) to an RGB value.
    static func nearest16(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let channels = [Int(red), Int(green), Int(blue)]
        var best = 0
        var bestDistance = Int.max
        for (index, color) in ansiColors.enumerated() {
            let candidate = distance([Int(color.0), Int(color.1), Int(color.2)], channels)
            if candidate < bestDistance {
                best = index
                bestDistance = candidate
            }
        }
        return UInt8(best)
    }

    /// The cube step (0–5) nearest to a channel value.
    private static func cubeStep(_ value: Int) -> Int {
        if value < 48 { return 0 }
        if value < 115 { return 1 }
        return (value - 35) / 40
    }

    /// A squared distance weighted for the eye (green counts most, blue least but more than nothing).
    private static func distance(_ lhs: [Int], _ rhs: [Int]) -> Int {
        let red = lhs[0] - rhs[0]
        let green = lhs[1] - rhs[1]
        let blue = lhs[2] - rhs[2]
        return 3 * red * red + 4 * green * green + 2 * blue * blue
    }
}

extension ColorMapping {
    /// How many colours to use: `KINORA_COLORS` (`mono`, `16`, `256`, `truecolor`) when set; none when
    /// `NO_COLOR` is set; otherwise from curses' COLORS, with `COLORTERM=truecolor` or `24bit` raising
    /// a 256-colour terminal to 24-bit.
    static func depth(colors: Int, environment: [String: String]) -> ColorDepth {
        if let chosen = environment["KINORA_COLORS"].flatMap(parseDepth) { return chosen }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        if colors >= directColors { return .trueColor }
        if colors >= 256 {
            let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
            return colorTerm == "truecolor" || colorTerm == "24bit" ? .trueColor : .indexed256
        }
        return colors >= 8 ? .ansi16 : .monochrome
    }

    /// A `KINORA_COLORS` value; nil for one it does not know.
    static func parseDepth(_ value: String) -> ColorDepth? {
        switch value.lowercased() {
        case "mono", "monochrome", "none", "0", "1", "2": .monochrome
        case "8", "16", "ansi": .ansi16
        case "256": .indexed256
        case "truecolor", "24bit", "direct", "rgb": .trueColor
        default: nil
        }
    }
}
