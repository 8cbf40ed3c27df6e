import KinoraCore

extension TerminalColor {
    /// This colour as a terminal of `depth` can show it: itself, or the nearest colour it has.
    ///
    /// True colour keeps everything; 256 colours turns `rgb` into the nearest cube or grey-ramp
    /// colour; 16 colours turns `rgb` and `indexed` into the nearest ANSI colour; monochrome has
    /// only the terminal's own colours. `avoiding` is a colour the result must not be (the cell's
    /// background, when picking its text colour), so text never vanishes into its background.
    func mapped(to depth: ColorDepth, avoiding avoided: TerminalColor? = nil) -> TerminalColor {
        switch (depth, self) {
        case (.trueColor, _), (_, .standard):
            return self
        case (.monochrome, _):
            return .standard
        case (.indexed256, .ansi), (.indexed256, .indexed), (.ansi16, .ansi):
            return self
        case (.indexed256, .rgb(let red, let green, let blue)):
            let excluded: UInt8? =
                if case .indexed(let index) = avoided { index } else { nil }
            return .indexed(
                XtermPalette.nearestIndexed(
                    to: Oklab(red: red, green: green, blue: blue), excluding: excluded))
        case (.ansi16, .indexed(let index)) where index < 16:
            return .ansi(index)
        case (.ansi16, .indexed(let index)):
            let (red, green, blue) = XtermPalette.rgb(index)
            return Self.nearestANSI(red, green, blue, avoiding: avoided)
        case (.ansi16, .rgb(let red, let green, let blue)):
            return Self.nearestANSI(red, green, blue, avoiding: avoided)
        }
    }

    private static func nearestANSI(
        _ red: UInt8, _ green: UInt8, _ blue: UInt8, avoiding avoided: TerminalColor?
    )
        -> TerminalColor
    {
        let excluded: UInt8? = if case .ansi(let index) = avoided { index } else { nil }
        return .ansi(
            XtermPalette.nearestANSI(to: Oklab(red: red, green: green, blue: blue), excluding: excluded))
    }
}
