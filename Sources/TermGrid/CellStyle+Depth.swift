extension CellStyle {
    /// This style with its colours mapped to what a terminal of `depth` can show; attributes kept.
    ///
    /// When the text and background colours differ but would map to the same colour, the text
    /// takes the next nearest one, so it stays readable. Monochrome drops both colours; ``Theme``
    /// adds reverse video where a background colour marked something (see
    /// ``Theme/mapped(to:)``).
    func mapped(to depth: ColorDepth) -> CellStyle {
        let background = background.mapped(to: depth)
        var foreground = foreground.mapped(to: depth)
        if foreground == background, foreground != .standard, self.foreground != self.background {
            foreground = self.foreground.mapped(to: depth, avoiding: background)
        }
        return CellStyle(foreground: foreground, background: background, attributes: attributes)
    }
}
