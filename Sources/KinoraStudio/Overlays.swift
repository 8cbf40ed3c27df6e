import KinoraCore
import TermGrid

/// A framed box in the middle of the screen.
enum Popup {
    /// The box for `width` × `height` inner cells, centred.
    static func frame(width: Int, height: Int, grid: Grid) -> Rect {
        let outerWidth = min(grid.width - 2, width + 4)
        let outerHeight = min(grid.height - 2, height + 2)
        return Rect(
            row: (grid.height - outerHeight) / 2, column: (grid.width - outerWidth) / 2, width: outerWidth,
            height: outerHeight)
    }

    /// Draws the frame with a title; returns the inside.
    @discardableResult
    static func box(title: String, rect: Rect, theme: Theme, into grid: inout Grid) -> Rect {
        let style = theme.style("ui.popup")
        let border = theme.style("ui.border.focused")
        grid.fill(rect, style: style)
        let horizontal = String(repeating: "─", count: max(0, rect.width - 2))
        grid.put("┌" + horizontal + "┐", row: rect.row, column: rect.column, style: border)
        grid.put("└" + horizontal + "┘", row: rect.bottom - 1, column: rect.column, style: border)
        for row in (rect.row + 1)..<max(rect.row + 1, rect.bottom - 1) {
            grid.put("│", row: row, column: rect.column, style: border)
            grid.put("│", row: row, column: rect.right - 1, style: border)
        }
        grid.put(
            " \(title) ", row: rect.row, column: rect.column + 2, style: border.adding(.bold),
            maxWidth: rect.width - 4)
        return Rect(
            row: rect.row + 1, column: rect.column + 2, width: rect.width - 4, height: rect.height - 2)
    }

    /// A box of plain lines.
    static func draw(title: String, lines: [String], theme: Theme, into grid: inout Grid) {
        let width = lines.map(Grid.displayWidth).max() ?? 20
        let inside = box(
            title: title, rect: frame(width: max(width, 30), height: lines.count, grid: grid), theme: theme,
            into: &grid)
        for (offset, line) in lines.enumerated() where offset < inside.height {
            grid.put(
                line, row: inside.row + offset, column: inside.column, style: theme.style("ui.popup"),
                maxWidth: inside.width)
        }
    }
}

/// The key bindings, generated from the keymap: every bound command with its keys and description.
enum HelpView {
    /// One line of help: a section title, or keys with the command they run.
    struct Line: Equatable {
        /// The keys, separated by spaces; empty for a section title.
        var keys: String
        /// The command's dotted name; empty for section titles and typing keys.
        var command: String
        /// What the keys do, or the section's title.
        var summary: String
        /// Whether the line heads a section rather than listing keys.
        var isSection: Bool
    }

    /// Every line, section by section.
    static func lines(keymap: Keymap) -> [Line] {
        var lines: [Line] = []
        let titles: [KeyContext: String] = [
            .global: "Everywhere", .shots: "Storyboard pane", .inspector: "Inspector pane",
            .preview: "Preview pane",
            .jobs: "Job panel",
        ]
        for context in KeyContext.allCases {
            let bound = Set((keymap.bindings[context] ?? [:]).values)
            guard !bound.isEmpty else { continue }
            lines.append(
                Line(keys: "", command: "", summary: titles[context] ?? context.rawValue, isSection: true))
            for command in Command.allCases where bound.contains(command) {
                let keys = keymap.keys(for: command, in: context).map(\.name).joined(separator: " ")
                lines.append(
                    Line(keys: keys, command: command.rawValue, summary: command.summary, isSection: false))
            }
        }
        lines.append(Line(keys: "", command: "", summary: "In the cast (@)", isSection: true))
        for (keys, summary) in [
            ("j k up down", "Highlight an entry"), ("a", "Add a character, location or prop"),
            ("enter e", "Edit the highlighted entry (a new name follows into the prompts)"),
            ("i", "Add a reference picture (the file picker)"),
            ("x delete", "Remove the entry (refused while shots name it)"),
            ("X", "Remove it even though shots name it (their prompts keep the words)"),
            ("u ctrl-r", "Undo, redo"), ("esc q @", "Close the cast"),
            ("tab", "In a prompt after @Na: complete the cast name"),
        ] {
            lines.append(Line(keys: keys, command: "", summary: summary, isSection: false))
        }
        lines.append(Line(keys: "", command: "", summary: "While typing a field", isSection: true))
        for (keys, summary) in [
            ("enter", "Save the field"), ("esc", "Cancel the edit"),
            ("ctrl-j", "New line (prompt and notes)"),
            ("left right up down", "Move the cursor (by character, by screen line)"),
            ("home end ctrl-a ctrl-e", "Start or end of the line"), ("alt-b alt-f", "Word left or right"),
            ("ctrl-w ctrl-u", "Delete the word or the line before the cursor"),
        ] {
            lines.append(Line(keys: keys, command: "", summary: summary, isSection: false))
        }
        lines.append(
            Line(keys: "", command: "", summary: "Export formats (e, by extension)", isSection: true))
        for format in ExportFormat.allCases {
            lines.append(
                Line(keys: "." + format.fileExtension, command: "", summary: format.summary, isSection: false)
            )
        }
        return lines
    }

    /// Draws the help over the whole screen, from line `scroll`.
    static func draw(_ studio: Studio, scroll: Int, into grid: inout Grid) {
        let theme = studio.theme
        let inside = Popup.box(
            title: "Keys — j/k scroll, any other key closes", rect: frame(grid.width, grid.height),
            theme: theme,
            into: &grid)
        let columns = Columns(width: inside.width)
        let all = rows(keymap: studio.keymap, columns: columns)
        // After a resize the old scroll may be past the end.
        let scroll = min(scroll, max(0, all.count - inside.height))
        for (offset, (line, summary, first)) in all.dropFirst(scroll).prefix(inside.height).enumerated() {
            let row = inside.row + offset
            if line.isSection {
                grid.put(
                    line.summary, row: row, column: inside.column,
                    style: theme.style("ui.title").adding(.bold), maxWidth: inside.width)
                continue
            }
            if first {
                grid.put(
                    line.keys, row: row, column: inside.column, width: columns.keys,
                    style: theme.style("ui.help.key"))
                grid.put(
                    line.command, row: row, column: inside.column + columns.keys + 1, width: columns.command,
                    style: theme.style("ui.dim"))
            }
            grid.put(
                summary, row: row, column: inside.column + columns.summaryOffset,
                style: theme.style("ui.popup"),
                maxWidth: columns.summary)
        }
    }

    /// The help box on a screen of `width` × `height`.
    private static func frame(_ width: Int, _ height: Int) -> Rect {
        Rect(row: 1, column: 2, width: width - 4, height: height - 2)
    }

    /// The widths of the keys, command and description columns inside a box `width` wide.
    struct Columns {
        var keys: Int
        var command: Int
        var summary: Int
        var summaryOffset: Int { keys + command + 2 }

        init(width: Int) {
            keys = min(22, width / 4)
            command = min(24, width / 4)
            summary = max(10, width - keys - command - 2)
        }
    }

    /// The help's screen rows: each binding's description wrapped to its column (a narrow screen
    /// shows it whole on several rows).
    static func rows(keymap: Keymap, columns: Columns) -> [(line: Line, summary: String, first: Bool)] {
        lines(keymap: keymap).flatMap { line -> [(Line, String, Bool)] in
            guard !line.isSection else { return [(line, line.summary, true)] }
            let wrapped = TextEditor(text: line.summary).layout(width: columns.summary).map(\.text)
            return wrapped.enumerated().map { (line, $0.element, $0.offset == 0) }
        }
    }

    /// How many rows the help takes on a screen of `size`.
    static func rowCount(keymap: Keymap, size: ScreenSize) -> Int {
        let inside = frame(size.columns, size.rows).width - 4
        return rows(keymap: keymap, columns: Columns(width: inside)).count
    }
}

/// The command palette: type part of a name, Enter runs the best match.
enum PaletteView {
    /// Draws the query and its matches in a centred box; returns where the text cursor goes.
    static func draw(_ studio: Studio, _ palette: Palette, into grid: inout Grid) -> (row: Int, column: Int) {
        let theme = studio.theme
        let matches = palette.matches()
        let height = min(14, grid.height - 6)
        let inside = Popup.box(
            title: "Command", rect: Popup.frame(width: min(70, grid.width - 8), height: height, grid: grid),
            theme: theme, into: &grid)
        let prompt = ": " + palette.query.text
        grid.put(
            prompt, row: inside.row, column: inside.column, width: inside.width,
            style: theme.style("ui.inspector.editing"))
        let cursorColumn = inside.column + 2 + palette.query.cursorPosition(width: 10_000).column
        let first = max(0, palette.selection - (inside.height - 2) + 1)
        for (offset, command) in matches.dropFirst(first).prefix(inside.height - 1).enumerated() {
            let row = inside.row + 1 + offset
            let selected = first + offset == palette.selection
            let style = theme.style(selected ? "ui.popup.selected" : "ui.popup")
            let keys =
                studio.keymap.keys(for: command, in: .global).map(\.name)
                + KeyContext.allCases.filter { $0 != .global }.flatMap {
                    studio.keymap.keys(for: command, in: $0).map(\.name)
                }
            let keyText = keys.prefix(2).joined(separator: " ")
            let keyWidth = 12
            grid.put(command.rawValue, row: row, column: inside.column, width: 24, style: style.adding(.bold))
            grid.put(
                command.summary, row: row, column: inside.column + 25,
                width: max(0, inside.width - 26 - keyWidth), style: style)
            grid.put(
                keyText, row: row, column: inside.right - keyWidth, width: keyWidth,
                style: theme.style("ui.help.key"))
        }
        if matches.isEmpty {
            grid.put(
                "No command matches", row: inside.row + 1, column: inside.column, style: theme.style("ui.dim")
            )
        }
        return (inside.row, min(cursorColumn, inside.right - 1))
    }
}

/// Choosing a picture, video or script to import, with Tab completion.
enum FilePickerView {
    /// Draws the typed path and the matching entries; returns where the text cursor goes.
    static func draw(_ studio: Studio, _ picker: FilePicker, into grid: inout Grid) -> (row: Int, column: Int)
    {
        let theme = studio.theme
        let height = min(16, grid.height - 6)
        let inside = Popup.box(
            title: picker.castEntry.map { "Reference picture of @\($0) — Tab completes, Enter imports" }
                ?? (picker.soundClip
                    ? "Attach a sound (audio, or a video's sound) — Tab completes, Enter attaches"
                    : picker.endPicture
                        ? "End picture — Tab completes, Enter imports, Enter on nothing removes it"
                        : picker.shot == nil
                            ? "Import a script (.fountain, .fdx) — Tab completes, Enter imports"
                            : "Import a picture, video or script — Tab completes, Enter imports"),
            rect: Popup.frame(width: min(72, grid.width - 8), height: height, grid: grid), theme: theme,
            into: &grid)
        let text = "Path: " + picker.input.text
        grid.put(
            text, row: inside.row, column: inside.column, width: inside.width,
            style: theme.style("ui.inspector.editing"))
        let cursor = (
            inside.row,
            min(inside.column + 6 + picker.input.cursorPosition(width: 10_000).column, inside.right - 1)
        )
        if let problem = picker.problem {
            grid.put(
                problem, row: inside.row + 1, column: inside.column, style: theme.style("ui.error"),
                maxWidth: inside.width)
            return cursor
        }
        let matches = picker.matches()
        let first = max(0, picker.selection - (inside.height - 2) + 1)
        for (offset, entry) in matches.dropFirst(first).prefix(inside.height - 1).enumerated() {
            let selected = first + offset == picker.selection
            let media = entry.isDirectory || PathCompletion.isMediaFile(entry.name)
            let style = theme.style(selected ? "ui.popup.selected" : media ? "ui.popup" : "ui.dim")
            grid.put(
                (entry.isDirectory ? "▸ " : "  ") + entry.name + (entry.isDirectory ? "/" : ""),
                row: inside.row + 1 + offset, column: inside.column, width: inside.width, style: style)
        }
        if matches.isEmpty && picker.listed != nil {
            grid.put(
                "Nothing here matches", row: inside.row + 1, column: inside.column,
                style: theme.style("ui.dim"))
        }
        return cursor
    }
}

/// Choosing a format, a file and what missing takes become, then exporting.
enum ExportDialogView {
    /// Draws the dialog's rows; returns the text cursor while the file row is selected.
    static func draw(_ studio: Studio, _ dialog: ExportDialog, into grid: inout Grid) -> (
        row: Int, column: Int
    )? {
        let theme = studio.theme
        let inside = Popup.box(
            title: "Export — ↑↓ row, ←→ change, Enter exports, Esc closes",
            rect: Popup.frame(width: min(70, grid.width - 8), height: 8, grid: grid), theme: theme,
            into: &grid)
        let rows: [(String, String)] = [
            (
                "Format",
                "◂ " + dialog.format.rawValue + " ▸   " + dialog.format.summary
            ),
            ("File", dialog.output.text),
            (
                "No take",
                "◂ " + dialog.missing.rawValue + " ▸   a shot without a finished take"
            ),
            (
                "Panels",
                "◂ \(dialog.panelsPerPage.rawValue) ▸   a page"
                    + (dialog.format == .pdf ? " of the PDF storyboard" : " (PDF storyboard only)")
            ),
            ("", "[ Export ]"),
        ]
        var cursor: (row: Int, column: Int)?
        for (offset, (name, value)) in rows.enumerated() {
            let row = inside.row + 1 + offset
            let selected = offset == dialog.row
            let style = theme.style(selected ? "ui.popup.selected" : "ui.popup")
            grid.put(
                name, row: row, column: inside.column, width: 9, style: theme.style("ui.inspector.field"))
            grid.put(
                value, row: row, column: inside.column + 10, width: inside.width - 10,
                style: offset == 1 && selected ? theme.style("ui.inspector.editing") : style)
            if offset == 1 && selected {
                cursor = (
                    row,
                    min(
                        inside.column + 10 + dialog.output.cursorPosition(width: 10_000).column,
                        inside.right - 1)
                )
            }
        }
        grid.put(
            "Relative paths are inside the project folder.", row: inside.row + 7, column: inside.column,
            style: theme.style("ui.dim"), maxWidth: inside.width)
        return cursor
    }
}
