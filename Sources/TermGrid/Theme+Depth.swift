import KinoraCore

extension Theme {
    /// This theme as a terminal with `depth` colours can show it.
    ///
    /// - True colour keeps every colour.
    /// - 256 colours turns `#rrggbb` into the nearest colour of the xterm cube or grey ramp
    ///   (nearest in Oklab, which follows how different colours look).
    /// - 16 colours turns `#rrggbb` and 16–255 into the nearest ANSI colour, keeping hue (a pale
    ///   blue stays blue); ANSI colours stay as they are.
    /// - Monochrome drops every colour and keeps the modifiers. Where a scope's background differed
    ///   from its parent scope's (a selection, a cursor, the status line), it is shown in reverse
    ///   video relative to its parent, so it stays visible: `ui.shotlist.selected` is reversed, and
    ///   `ui.popup.selected` inside a reversed `ui.popup` is not.
    ///
    /// Text whose colour would map onto its own background takes the next nearest colour. Mapping
    /// always starts from the full-colour theme, so a mapped theme can be mapped again to any depth.
    public func mapped(to depth: ColorDepth) -> Theme {
        let mapped: [String: CellStyle]
        switch depth {
        case .trueColor: mapped = fullColor
        case .indexed256, .ansi16: mapped = fullColor.mapValues { $0.mapped(to: depth) }
        case .monochrome: mapped = Self.monochrome(fullColor)
        }
        return Theme(
            name: name, fullColor: fullColor, mapped: mapped, depth: depth, stylesByName: stylesByName)
    }

    /// What shows behind a cell's text: its background, or its foreground when reversed.
    private enum Backdrop: Equatable {
        /// The terminal's own background.
        case terminalBackground
        /// The terminal's own foreground (a reversed cell with no colours).
        case terminalForeground
        /// A colour.
        case color(TerminalColor)

        /// What shows behind the text of a cell in `style`.
        init(_ style: CellStyle) {
            let reversed = style.attributes.contains(.reverse)
            let color = reversed ? style.foreground : style.background
            if color == .standard {
                self = reversed ? .terminalForeground : .terminalBackground
            } else {
                self = .color(color)
            }
        }
    }

    /// `styles` without colours, with reverse video wherever a background marked a scope out
    /// from its parent.
    ///
    /// A top-level scope (`ui`) is the screen itself: reversed only if it says so. Any other scope
    /// is reversed like its nearest defined parent when it shows the same backdrop, and the other
    /// way round when it shows a different one; one with no defined parent is compared with plain.
    private static func monochrome(_ styles: [String: CellStyle]) -> [String: CellStyle] {
        var reversed: [String: Bool] = [:]
        var result: [String: CellStyle] = [:]
        for scope in parentsFirst(styles.keys) {
            guard let style = styles[scope] else { continue }
            let isReversed: Bool
            if let parent = definedParent(of: scope, in: styles), let parentStyle = styles[parent] {
                let parentReversed = reversed[parent] ?? false
                isReversed = Backdrop(style) == Backdrop(parentStyle) ? parentReversed : !parentReversed
            } else if scope.contains(".") {
                isReversed = Backdrop(style) != Backdrop(.plain)
            } else {
                isReversed = style.attributes.contains(.reverse)
            }
            reversed[scope] = isReversed
            var attributes = style.attributes
            if isReversed { attributes.insert(.reverse) } else { attributes.remove(.reverse) }
            result[scope] = CellStyle(attributes: attributes)
        }
        return result
    }
}
