import CNCurses
import TermGrid

extension CursesScreen {
    /// How curses draws `style`: attributes, plus a colour pair handed out on first use.
    func look(for style: CellStyle) -> Look {
        if let last = lastLook, last.style == style { return last.look }
        if let known = looks[style] {
            lastLook = (style, known)
            return known
        }
        var attributes = kinora_a_normal()
        if style.attributes.contains(.bold) { attributes |= kinora_a_bold() }
        if style.attributes.contains(.dim) { attributes |= kinora_a_dim() }
        if style.attributes.contains(.underline) { attributes |= kinora_a_underline() }
        if style.attributes.contains(.reverse) { attributes |= kinora_a_reverse() }
        if style.attributes.contains(.italic) { attributes |= kinora_a_italic() }
        var pair: Int32 = 0
        if mapping.usesColor {
            let foreground = mapping.foreground(style.foreground)
            let background = mapping.background(style.background)
            if foreground.bold { attributes |= kinora_a_bold() }
            pair = self.pair(for: .init(foreground: foreground.number, background: background.number))
        }
        let look = Look(attributes: attributes, pair: pair)
        looks[style] = look
        lastLook = (style, look)
        return look
    }

    /// The colour pair for `colors`, made when new; when curses' pairs run out, the table is
    /// compacted to the pairs still on screen first.
    func pair(for colors: ColorPairTable.Colors) -> Int32 {
        var lookup = pairs.pair(for: colors)
        if lookup == .full {
            compactPairs()
            lookup = pairs.pair(for: colors)
        }
        switch lookup {
        case .existing(let pair): return pair
        case .added(let pair):
            init_extended_pair(pair, colors.foreground, colors.background)
            return pair
        case .full: return 0
        }
    }

    /// Hands out pairs afresh, keeping only those still in use — by the standard window's cells and
    /// by the run being put together — renumbered, with those cells changed to match, so colours
    /// drawn stay right.
    func compactPairs() {
        let (height, width) = size
        var used = Set<Int32>()
        for row in 0..<height {
            for column in 0..<width {
                used.insert(kinora_window_cell_pair(window, Int32(row), Int32(column)))
            }
        }
        for index in lineBuffer.indices {
            used.insert(kinora_cell_pair(&lineBuffer[index]))
        }
        let renumbered = pairs.compact(keeping: used)
        for index in lineBuffer.indices {
            let old = kinora_cell_pair(&lineBuffer[index])
            let new = renumbered[old] ?? 0
            if new != old { kinora_cell_set_pair(&lineBuffer[index], new) }
        }
        for pair in renumbered.values where pair != 0 {
            if let colors = pairs.colors(ofPair: pair) {
                init_extended_pair(pair, colors.foreground, colors.background)
            }
        }
        for row in 0..<height {
            for column in 0..<width {
                let old = kinora_window_cell_pair(window, Int32(row), Int32(column))
                let new = renumbered[old] ?? 0
                if new != old { kinora_set_cell_pair(window, Int32(row), Int32(column), new) }
            }
        }
        looks.removeAll()
        lastLook = nil
    }
}
