import KinoraCore
import TermGrid

/// A drawn frame: the cells, where the text cursor goes (when typing), and the pixel pictures the app
/// writes over the cells.
public struct Screen: Sendable, Equatable {
    /// The cells.
    public var grid: Grid
    /// The cursor, shown only while text is typed.
    public var cursor: (row: Int, column: Int)?
    /// Sixel or kitty pictures to draw after the cells.
    public var pictures: [PicturePlacement]

    /// Equal when the cells, the cursor and the pictures match (the cursor tuple is not Equatable).
    public static func == (lhs: Screen, rhs: Screen) -> Bool {
        lhs.grid == rhs.grid && lhs.cursor?.row == rhs.cursor?.row && lhs.cursor?.column == rhs.cursor?.column
            && lhs.pictures == rhs.pictures
    }
}

/// Draws the whole studio: a pure function of its state.
public enum StudioView {
    /// The studio drawn at its current size.
    public static func render(_ studio: Studio) -> Screen {
        let theme = studio.theme
        var grid = Grid(width: studio.size.columns, height: studio.size.rows, style: theme.style("ui"))
        guard studio.size.isLargeEnough else {
            TooSmallView.draw(studio, into: &grid)
            return Screen(grid: grid, cursor: nil, pictures: [])
        }
        let layout = Layout(studio.size)
        var pictures: [PicturePlacement] = []
        TitleView.draw(studio, into: &grid, rect: layout.title)
        ShotListView.draw(studio, into: &grid, layout: layout)
        JobPanelView.draw(studio, into: &grid, rect: layout.jobs)
        PreviewView.draw(studio, into: &grid, layout: layout, pictures: &pictures)
        var cursor = InspectorView.draw(studio, into: &grid, layout: layout)
        TimelineView.draw(studio, into: &grid, rect: layout.timeline)
        StatusLineView.draw(studio, into: &grid, rect: layout.status)
        // The rule between the two columns.
        let rule = theme.style("ui.border")
        for row in layout.shots.row..<layout.jobs.bottom {
            grid.put("│", row: row, column: layout.shots.right, style: rule)
        }
        switch studio.mode {
        case .help(let scroll):
            HelpView.draw(studio, scroll: scroll, into: &grid)
            pictures = []
        case .palette(let palette):
            cursor = PaletteView.draw(studio, palette, into: &grid)
            pictures = []
        case .picker(let picker):
            cursor = FilePickerView.draw(studio, picker, into: &grid)
            pictures = []
        case .export(let dialog):
            cursor = ExportDialogView.draw(studio, dialog, into: &grid)
            pictures = []
        case .confirmQuit:
            Popup.draw(
                title: "Quit?",
                lines: [
                    "Jobs are still running; quitting cancels them.", "", "y quits, any other key stays.",
                ],
                theme: theme, into: &grid)
            pictures = []
        case .framing:
            // The rectangle is drawn in cells over the source: no pixel picture may cover it.
            pictures = []
        case .cast(let overlay):
            var castPictures: [PicturePlacement] = []
            cursor = CastView.draw(studio, overlay, into: &grid, pictures: &castPictures)
            pictures = castPictures
        case .note(let note):
            cursor = PreviewView.drawNoteEditor(studio, note, into: &grid, layout: layout)
        case .normal, .editing: break
        }
        return Screen(grid: grid, cursor: cursor, pictures: pictures)
    }

    /// A pane's header line: its title, highlighted when the pane has focus, and a note at the right.
    static func header(
        _ title: String, note: String = "", focused: Bool, theme: Theme, into grid: inout Grid, rect: Rect
    ) {
        let style = theme.style(focused ? "ui.border.focused" : "ui.border")
        grid.fill(Rect(row: rect.row, column: rect.column, width: rect.width, height: 1), style: style)
        let used = grid.put(
            " \(title) ", row: rect.row, column: rect.column, style: style.adding(.bold), maxWidth: rect.width
        )
        if !note.isEmpty, rect.width - used > 4 {
            let text = TerminalText.truncated(note, toWidth: rect.width - used - 2)
            let width = Grid.displayWidth(text)
            grid.put(text, row: rect.row, column: rect.right - width - 1, style: style)
        }
    }

    /// A picture's cells copied into `rect` (cut to fit).
    static func draw(_ picture: CellPicture, into grid: inout Grid, rect: Rect) {
        for row in 0..<min(picture.rows, rect.height) {
            for column in 0..<min(picture.columns, rect.width) {
                let cell = picture.cells[row * picture.columns + column]
                grid.put(
                    cell.text, row: rect.row + row, column: rect.column + column, style: cell.style,
                    maxWidth: 1)
            }
        }
    }
}

/// Shown instead of the studio when the window is smaller than it can lay out.
enum TooSmallView {
    /// Centres the size needed, the window's size and how to go on.
    static func draw(_ studio: Studio, into grid: inout Grid) {
        let lines = [
            "Kinora needs at least \(ScreenSize.minimum.columns)x\(ScreenSize.minimum.rows)",
            "This window is \(studio.size.columns)x\(studio.size.rows)",
            "Make it larger, or press q to quit",
        ]
        let style = studio.theme.style("ui.warning")
        for (offset, line) in lines.enumerated() {
            let row = max(0, studio.size.rows / 2 - 1) + offset
            guard row < grid.height else { break }
            let width = Grid.displayWidth(line)
            grid.put(line, row: row, column: max(0, (studio.size.columns - width) / 2), style: style)
        }
    }
}

/// The top line: the film, its length and shot count, and the mode.
enum TitleView {
    /// Draws the film's title on the left and its facts on the right, when they fit.
    static func draw(_ studio: Studio, into grid: inout Grid, rect: Rect) {
        let style = studio.theme.style("ui.title")
        grid.fill(rect, style: style)
        let project = studio.project
        let left = " Kinora · \(project.title) "
        let used = grid.put(
            left, row: rect.row, column: rect.column, style: style.adding(.bold), maxWidth: rect.width / 2)
        let shots = project.shots.count == 1 ? "1 shot" : "\(project.shots.count) shots"
        let right =
            "\(shots) · \(Format.clock(project.runningTime)) · \(project.size.width)x\(project.size.height) \(Format.number(project.fps.framesPerSecond)) fps · ? help "
        let width = Grid.displayWidth(right)
        if rect.width - used > width {
            grid.put(right, row: rect.row, column: rect.right - width, style: style)
        }
    }
}

/// The bottom line: the mode, the last message, and hints.
enum StatusLineView {
    /// Draws the mode's name, then the message or a hint.
    static func draw(_ studio: Studio, into grid: inout Grid, rect: Rect) {
        let theme = studio.theme
        grid.fill(rect, style: theme.style("ui.statusline"))
        let modeName: String
        switch studio.mode {
        case .normal: modeName = studio.animatic != nil ? "ANIMATIC" : studio.focus.rawValue.uppercased()
        case .editing: modeName = "EDIT"
        case .help: modeName = "HELP"
        case .palette: modeName = "COMMAND"
        case .picker: modeName = "IMPORT"
        case .export: modeName = "EXPORT"
        case .confirmQuit: modeName = "QUIT?"
        case .framing: modeName = "FRAMING"
        case .cast: modeName = "CAST"
        case .note: modeName = "NOTE"
        }
        var column = rect.column
        column += grid.put(
            " \(modeName) ", row: rect.row, column: column, style: theme.style("ui.statusline.mode"))
        column += 1
        let text: String
        let style: CellStyle
        if let (offer, warning) = promptOffer(for: studio) {
            // Typing a prompt: the cast names `@…` could become, or the names the cast lacks.
            text = offer
            style = theme.style(warning ? "ui.warning" : "ui.hint")
        } else if let status = studio.status {
            text = status.text
            style = theme.style(
                status.kind == .error
                    ? "ui.statusline.error" : status.kind == .warning ? "ui.warning" : "ui.statusline")
        } else {
            text = hint(for: studio)
            style = theme.style("ui.hint")
        }
        grid.put(text, row: rect.row, column: column, width: rect.right - column, style: style)
    }

    /// While the prompt is typed: the cast names matching the `@Name` before the cursor, else a warning
    /// naming what the cast lacks (the prompt is saved anyway); `nil` when neither applies.
    static func promptOffer(for studio: Studio) -> (text: String, isWarning: Bool)? {
        guard case .editing(let editing) = studio.mode, editing.field == .prompt else { return nil }
        if let (typed, matches) = Studio.castCompletion(editing.editor, cast: studio.project.cast) {
            if matches.isEmpty {
                return (
                    "No cast entry starts with \"\(typed)\"; \(studio.project.castNamesForMessages)", true
                )
            }
            return ("@ " + matches.joined(separator: " · ") + " — Tab completes", false)
        }
        guard var shot = studio.selectedShot else { return nil }
        shot.prompt = editing.editor.text
        guard let problem = studio.project.castProblem(in: shot, fields: [.prompt]) else { return nil }
        return ("⚠ " + problem + " (saved anyway)", true)
    }

    /// The keys worth knowing in the current mode and pane.
    static func hint(for studio: Studio) -> String {
        switch studio.mode {
        case .editing(let editor):
            return editor.field.isMultiline
                ? "Enter saves · Ctrl-J new line · Esc cancels" : "Enter saves · Esc cancels"
        case .help: return "j/k scroll · any other key closes"
        case .palette: return "type to filter · ↑↓ choose · Enter runs · Esc closes"
        case .picker: return "type a path · Tab completes · ↑↓ choose · Enter imports · Esc closes"
        case .export: return "↑↓ row · ←→ change · type the file · Enter exports · Esc closes"
        case .confirmQuit:
            return "y quits (takes on remote engines keep running there) · any other key stays"
        case .framing:
            return "h/j/k/l move (H/J/K/L more) · + - zoom · Enter saves · a automatic · Esc cancels"
        case .cast(let overlay):
            return overlay.form == nil
                ? "j/k entry · a add · Enter edit · i picture · x remove (X even if named) · u undo · Esc closes"
                : "↑↓ row · ←→ kind · Enter saves · Esc back"
        case .note: return "type the note · Enter adds it to the take · Esc drops it"
        case .normal:
            switch studio.focus {
            case .shots:
                return "j/k move · a add · n generate · c choose · p animatic · e export · : commands"
            case .inspector: return "j/k field · Enter edit · h/l change · s reroll · S lock seed"
            case .preview:
                return "space play · h/l frame · [ ] take · m note · O circle · X reject · { } trim"
            case .jobs: return "j/k job · x cancel"
            }
        }
    }
}
