import KinoraCore
import TermGrid

/// The shot's fields, one per row (the prompt over several), edited in place.
enum InspectorView {
    /// Columns of the field names.
    static let nameWidth = 11

    /// Columns left for values.
    static func valueWidth(_ layout: Layout) -> Int { layout.inspector.width - nameWidth - 2 }

    /// Rows a field takes: the prompt and other long texts several, the rest one.
    private static func height(of field: InspectorField, studio: Studio, layout: Layout) -> Int {
        guard field.isMultiline, let shot = studio.selectedShot else { return 1 }
        let width = max(1, valueWidth(layout))
        let most = field == .prompt ? (layout.inspector.height >= 16 ? 6 : 3) : 2
        if case .editing(let editor) = studio.mode, editor.field == field {
            return min(max(1, editor.editor.layout(width: width).count), most + 2)
        }
        let text = field.value(of: shot, project: studio.project)
        guard field == .prompt || !text.isEmpty else { return 1 }
        return min(max(1, TextEditor(text: text).layout(width: width).count), most)
    }

    /// The fields on screen, with their first row, keeping the selected one visible.
    static func rows(_ studio: Studio, layout: Layout) -> [(field: InspectorField, row: Int, height: Int)] {
        let body = Layout.body(of: layout.inspector)
        let fields = InspectorField.allCases
        let heights = fields.map { height(of: $0, studio: studio, layout: layout) }
        let selected = fields.firstIndex(of: studio.field) ?? 0
        // Scroll so that the selected field ends inside the pane.
        var first = 0
        while first < selected, heights[first...selected].reduce(0, +) > body.height { first += 1 }
        var placed: [(InspectorField, Int, Int)] = []
        var row = body.row
        for index in first..<fields.count {
            guard row < body.bottom else { break }
            placed.append((fields[index], row, min(heights[index], body.bottom - row)))
            row += heights[index]
        }
        return placed
    }

    /// The field drawn at screen row `row`, for mouse clicks.
    static func field(atRow row: Int, in studio: Studio, layout: Layout) -> InspectorField? {
        rows(studio, layout: layout).first { row >= $0.row && row < $0.row + $0.height }?.field
    }

    /// Draws the inspector; returns where the text cursor goes while a field is edited.
    static func draw(_ studio: Studio, into grid: inout Grid, layout: Layout) -> (row: Int, column: Int)? {
        let theme = studio.theme
        let rect = layout.inspector
        let shot = studio.selectedShot
        StudioView.header(
            "Inspector", note: shot.map { "\($0.id)" } ?? "", focused: studio.focus == .inspector,
            theme: theme, into: &grid, rect: rect)
        let body = Layout.body(of: rect)
        grid.fill(body, style: theme.style("ui.inspector"))
        guard let shot else { return nil }
        let valueColumn = rect.column + nameWidth + 1
        let width = valueWidth(layout)
        var cursor: (row: Int, column: Int)?
        for (field, row, height) in rows(studio, layout: layout) {
            let selected = field == studio.field && studio.focus == .inspector
            let nameStyle = theme.style(selected ? "ui.shotlist.selected" : "ui.inspector.field")
            grid.put(" " + field.title, row: row, column: rect.column, width: nameWidth, style: nameStyle)
            if case .editing(let editing) = studio.mode, editing.field == field {
                cursor = drawEditor(
                    editing.editor, theme: theme, into: &grid,
                    rect: Rect(row: row, column: valueColumn, width: width, height: height))
                continue
            }
            var value = field.value(of: shot, project: studio.project)
            if value.isEmpty { value = placeholder(field, shot: shot, project: studio.project) }
            var style = theme.style(
                value == field.value(of: shot, project: studio.project) ? "ui.inspector.value" : "ui.dim")
            if field == .scene, shot.removedFromScript == true {
                value += " (cut from the script)"
                style = theme.style("ui.warning")
            }
            if height > 1 || field.isMultiline {
                let lines = TextEditor(text: value).layout(width: width)
                for (offset, line) in lines.prefix(height).enumerated() {
                    var text = line.text
                    if offset == height - 1 && lines.count > height {
                        text = TerminalText.truncated(text + "…", toWidth: width)
                    }
                    grid.put(text, row: row + offset, column: valueColumn, style: style, maxWidth: width)
                }
            } else {
                grid.put(value, row: row, column: valueColumn, width: width, style: style)
            }
        }
        return cursor
    }

    /// What an empty field shows, in a dim colour.
    private static func placeholder(_ field: InspectorField, shot: Shot, project: Project) -> String {
        switch field {
        case .prompt: "(empty: Enter to write what the shot shows)"
        case .shotSize: "– (h/l: ECU CU MCU MS MLS LS ELS)"
        case .angle: "– (h/l: eye-level high low overhead dutch)"
        case .lens: "– (h/l steps through primes, Enter types mm)"
        case .location: "– (h/l picks a cast location)"
        case .people:
            // Derived from the prompt's @Names until the person writes a list.
            "(from the prompt: "
                + (project.people(in: shot).isEmpty
                    ? "nobody)" : project.people(in: shot).joined(separator: ", ") + ")")
        case .backend: "(the project's default)"
        case .parameters: "(none: NAME=VALUE ...)"
        case .trimIn, .trimOut: "(whole take)"
        case .sounds: "(none: Enter attaches a sound file)"
        case .endImage where shot.mode == .imageToVideo: "(none: Enter picks a picture to end on)"
        case .framing where shot.mode == .imageToVideo:
            // What the engine chose, as the newest take recorded it; h/l moves a rectangle instead.
            if let used = shot.automaticFramingUsed {
                "(auto: \(used.summary); h/l moves it)"
            } else {
                "(auto: centred, or the upper third of a tall picture; h/l frames it)"
            }
        default: "–"
        }
    }

    /// The field being typed, scrolled so the cursor shows; returns the cursor's cell.
    private static func drawEditor(_ editor: TextEditor, theme: Theme, into grid: inout Grid, rect: Rect) -> (
        row: Int, column: Int
    ) {
        let style = theme.style("ui.inspector.editing")
        grid.fill(rect, style: style)
        let lines = editor.layout(width: rect.width)
        let position = editor.cursorPosition(width: rect.width)
        let top = max(0, position.row - rect.height + 1)
        for (offset, line) in lines.dropFirst(top).prefix(rect.height).enumerated() {
            grid.put(
                line.text, row: rect.row + offset, column: rect.column, style: style, maxWidth: rect.width)
        }
        return (rect.row + position.row - top, rect.column + min(position.column, rect.width - 1))
    }
}

/// The timeline strip: shots as blocks as long as their durations, transitions between them, and the
/// playhead.
enum TimelineView {
    /// Each shot's columns on the strip.
    static func spans(_ studio: Studio, width: Int) -> [(start: Int, width: Int)] {
        let clock = AnimaticClock(project: studio.project)
        let total = clock.total
        guard total > 0, width > 0 else { return [] }
        let scale = Double(width) / total
        return clock.spans.map { span in
            let start = Int((span.start * scale).rounded())
            let end = Int(((span.start + span.length) * scale).rounded())
            return (start, max(0, end - start))
        }
    }

    /// The shot under column `column`, for mouse clicks.
    static func shot(atColumn column: Int, in studio: Studio, layout: Layout) -> Int? {
        let strip = Layout.body(of: layout.timeline)
        let offset = column - strip.column - 1
        return spans(studio, width: strip.width - 2).firstIndex {
            offset >= $0.start && offset < $0.start + max(1, $0.width)
        }
    }

    /// Draws the strip in `rect`: the blocks, the transition marks and the playhead under them.
    static func draw(_ studio: Studio, into grid: inout Grid, rect: Rect) {
        let theme = studio.theme
        let clock = AnimaticClock(project: studio.project)
        StudioView.header(
            "Timeline", note: Format.clock(studio.project.runningTime), focused: false, theme: theme,
            into: &grid, rect: rect)
        let body = Layout.body(of: rect)
        grid.fill(body, style: theme.style("ui.timeline"))
        let strip = Rect(row: body.row, column: body.column + 1, width: body.width - 2, height: 1)
        let all = spans(studio, width: strip.width)
        let states = studio.project.continuityStates()
        for (index, span) in all.enumerated() {
            // A dissolve overlaps the next shot: each block runs to where the next one starts.
            var width = index + 1 < all.count ? all[index + 1].start - span.start : span.width
            // On a long storyboard most shots are narrower than a column; the selected one still shows.
            if index == studio.selection { width = max(width, 1) }
            guard width > 0 else { continue }
            let shot = studio.project.shots[index]
            let selected = index == studio.selection
            // A stale shot is marked on the strip, so a changed take upstream shows what it affects.
            let stale = states.indices.contains(index) && states[index].isStale
            let style = theme.style(
                selected ? "ui.timeline.shot.selected" : stale ? "ui.warning" : "ui.timeline.shot")
            let column = strip.column + span.start
            grid.fill(Rect(row: strip.row, column: column, width: width, height: 1), style: style)
            if width > 2 {
                grid.put(
                    (stale ? "⟳" : "") + shot.label, row: strip.row, column: column + 1, style: style,
                    maxWidth: width - 2)
            } else if stale {
                grid.put("⟳", row: strip.row, column: column, style: style, maxWidth: width)
            }
            let mark: String? =
                switch shot.transition {
                case .cut: nil
                case .dissolve: "╳"
                case .fade: "◐"
                case .dip: "○"
                }
            if let mark, index < studio.project.shots.count - 1 {
                grid.put(
                    mark, row: strip.row, column: column + width - 1,
                    style: theme.style("ui.timeline.transition"))
            } else if width > 1 {
                grid.put("▏", row: strip.row, column: column + width - 1, style: style)
            }
        }
        // The playhead: where the animatic or the preview is in the film.
        let time: Double
        if let animatic = studio.animatic {
            time = animatic.time
        } else if studio.project.shots.indices.contains(studio.selection) {
            let start = clock.spans[studio.selection].start
            let inPoint = studio.selectedShot?.trim?.inPoint ?? 0
            time = start + max(0, studio.preview.time - inPoint)
        } else {
            time = 0
        }
        if clock.total > 0 {
            let column = strip.column + min(strip.width - 1, Int(Double(strip.width) * time / clock.total))
            grid.put("▲", row: strip.row + 1, column: column, style: theme.style("ui.timeline.playhead"))
        }
    }
}
