import KinoraCore
import TermGrid

/// The cast overlay: the entries (name, kind, pictures, description) on the left, the highlighted
/// entry's first reference picture and its details on the right, or the form adding or editing one.
enum CastView {
    /// Where the overlay's parts go on a screen of `size`: the box, the list (or form) and the picture.
    struct Frames: Equatable {
        /// The whole box, frame included.
        var box: Rect
        /// The entries, or the form.
        var list: Rect
        /// The highlighted entry's first reference picture.
        var picture: Rect
        /// The highlighted entry's details, under its picture.
        var details: Rect
    }

    /// The overlay's parts on a screen of `size` (the same for drawing and for asking for the picture).
    static func frames(_ size: ScreenSize) -> Frames {
        let width = min(size.columns - 2, 100)
        let height = min(size.rows - 2, 22)
        let box = Rect(
            row: (size.rows - height) / 2, column: (size.columns - width) / 2, width: width, height: height)
        let inside = Rect(
            row: box.row + 1, column: box.column + 2, width: box.width - 4, height: box.height - 2)
        let pictureWidth = min(36, inside.width * 2 / 5)
        let pictureHeight = max(3, min(pictureWidth * 9 / 32, inside.height - 5))
        let list = Rect(
            row: inside.row, column: inside.column, width: inside.width - pictureWidth - 2,
            height: inside.height)
        let picture = Rect(
            row: inside.row, column: inside.right - pictureWidth, width: pictureWidth, height: pictureHeight)
        let details = Rect(
            row: picture.bottom, column: picture.column, width: pictureWidth,
            height: inside.bottom - picture.bottom)
        return Frames(box: box, list: list, picture: picture, details: details)
    }

    /// The key for the highlighted entry's first reference picture, where the overlay shows it.
    static func pictureKey(_ studio: Studio, _ overlay: CastOverlay) -> PictureKey? {
        guard let image = studio.castEntry(at: overlay)?.images.first else { return nil }
        let rect = frames(studio.size).picture
        return PictureKey(path: image.asset, columns: rect.width, rows: rect.height, allFrames: true)
    }

    /// Draws the overlay; returns where the text cursor goes while the form is typed in.
    static func draw(
        _ studio: Studio, _ overlay: CastOverlay, into grid: inout Grid, pictures: inout [PicturePlacement]
    ) -> (row: Int, column: Int)? {
        let theme = studio.theme
        let parts = frames(studio.size)
        let title =
            overlay.form == nil
            ? "Cast — a add · Enter edit · i picture · x remove · u undo · Esc closes"
            : overlay.form?.original == nil ? "New cast entry" : "Edit @\(overlay.form?.original ?? "")"
        Popup.box(title: title, rect: parts.box, theme: theme, into: &grid)
        var cursor: (row: Int, column: Int)?
        if let form = overlay.form {
            cursor = drawForm(studio, form, into: &grid, rect: parts.list)
        } else {
            drawList(studio, overlay, into: &grid, rect: parts.list)
        }
        // A new entry has no picture or details yet: the highlighted one's would read as the new one's.
        if overlay.form.map({ $0.original != nil }) ?? true {
            drawPicture(studio, overlay, into: &grid, rect: parts.picture, pictures: &pictures)
            drawDetails(studio, overlay, into: &grid, rect: parts.details)
        }
        return cursor
    }

    /// The entries, one a row, the highlighted one kept in view.
    private static func drawList(_ studio: Studio, _ overlay: CastOverlay, into grid: inout Grid, rect: Rect)
    {
        let theme = studio.theme
        let cast = studio.project.cast
        guard !cast.isEmpty else {
            grid.put(
                "No one yet. a adds a character, a location or a prop;", row: rect.row + 1,
                column: rect.column,
                style: theme.style("ui.dim"), maxWidth: rect.width)
            grid.put(
                "prompts then name it as @Name.", row: rect.row + 2, column: rect.column,
                style: theme.style("ui.dim"), maxWidth: rect.width)
            return
        }
        let nameWidth = min(16, max(8, rect.width / 4))
        let kindWidth = 10
        let picturesWidth = 8
        let header = rect.row
        for (text, column) in [
            ("Name", 2), ("Kind", 2 + nameWidth + 1), ("Pictures", 3 + nameWidth + kindWidth + 1),
            ("Description", 4 + nameWidth + kindWidth + picturesWidth + 1),
        ] where column < rect.width {
            grid.put(
                text, row: header, column: rect.column + column, style: theme.style("ui.inspector.field"),
                maxWidth: rect.width - column)
        }
        let rows = rect.height - 1
        let first = max(0, overlay.selection - rows + 1)
        for (offset, entry) in cast.enumerated().dropFirst(first).prefix(rows) {
            let row = header + 1 + offset - first
            let selected = offset == overlay.selection
            let style = theme.style(selected ? "ui.popup.selected" : "ui.popup")
            grid.fill(Rect(row: row, column: rect.column, width: rect.width, height: 1), style: style)
            var column = rect.column
            column += grid.put(selected ? "▸ " : "  ", row: row, column: column, style: style)
            grid.put("@" + entry.name, row: row, column: column, width: nameWidth, style: style.adding(.bold))
            column += nameWidth + 1
            grid.put(entry.kind.rawValue, row: row, column: column, width: kindWidth, style: style)
            column += kindWidth + 1
            let count = entry.images.count
            grid.put(
                count == 0 ? "–" : "\(count)", row: row, column: column, width: picturesWidth, style: style)
            column += picturesWidth + 1
            if column < rect.right {
                let line = entry.description.split(separator: "\n").first.map(String.init) ?? ""
                grid.put(
                    line.isEmpty ? "(no description)" : line, row: row, column: column,
                    width: rect.right - column, style: line.isEmpty ? theme.style("ui.dim") : style)
            }
        }
    }

    /// The form's rows: name, kind and description; returns the cursor on the typed row.
    private static func drawForm(_ studio: Studio, _ form: CastForm, into grid: inout Grid, rect: Rect) -> (
        row: Int, column: Int
    )? {
        let theme = studio.theme
        let labelWidth = 12
        var cursor: (row: Int, column: Int)?
        for row in CastForm.Row.allCases {
            let line = rect.row + 1 + row.rawValue * 2
            let selected = row == form.row
            grid.put(
                row == .name ? "Name" : row == .kind ? "Kind" : row == .voice ? "Voice" : "Description",
                row: line,
                column: rect.column, width: labelWidth, style: theme.style("ui.inspector.field"))
            let valueRect = Rect(
                row: line, column: rect.column + labelWidth, width: rect.width - labelWidth, height: 1)
            let style = theme.style(selected ? "ui.inspector.editing" : "ui.popup")
            switch row {
            case .name, .description, .voice:
                let editor = row == .name ? form.name : row == .voice ? form.voice : form.description
                // The row being typed in scrolls with the cursor; the others show their start.
                let shown = selected ? editor.singleLine(width: valueRect.width) : (editor.text, 0)
                grid.put(
                    shown.0, row: line, column: valueRect.column, width: valueRect.width, style: style)
                if selected {
                    cursor = (line, min(valueRect.column + shown.1, valueRect.right - 1))
                }
            case .kind:
                grid.put(
                    "◂ \(form.kind.rawValue) ▸", row: line, column: valueRect.column, width: valueRect.width,
                    style: theme.style(selected ? "ui.popup.selected" : "ui.popup"))
            }
        }
        let hints = [
            "↑↓ Tab row · ←→ kind · Enter saves · Esc back",
            "A name is one word: letters, digits, _ and -.",
            "The description is what engines read in place of @Name.",
            "Voice: en-gb pitch=0–99 rate=80–450",
        ]
        let first = rect.row + 2 + CastForm.Row.allCases.count * 2
        for (offset, hint) in hints.enumerated() where first + offset < rect.bottom {
            grid.put(
                hint, row: first + offset, column: rect.column, style: theme.style("ui.dim"),
                maxWidth: rect.width)
        }
        return cursor
    }

    /// The highlighted entry's first reference picture: cells, or a pixel picture where the terminal can.
    private static func drawPicture(
        _ studio: Studio, _ overlay: CastOverlay, into grid: inout Grid, rect: Rect,
        pictures: inout [PicturePlacement]
    ) {
        let dim = studio.theme.style("ui.dim")
        guard studio.castEntry(at: overlay) != nil else {
            ShotListView.placeholder("", into: &grid, rect: rect, style: dim)
            return
        }
        guard let key = pictureKey(studio, overlay) else {
            ShotListView.placeholder("no picture: i adds one", into: &grid, rect: rect, style: dim)
            return
        }
        guard let strip = studio.pictures[key], let frame = strip.frames.first else {
            let text = studio.picturesMissing.contains(key.path) ? "the picture is missing" : "loading…"
            ShotListView.placeholder(text, into: &grid, rect: rect, style: dim)
            return
        }
        if studio.pixelPictures {
            pictures.append(PicturePlacement(rect: rect, path: key.path, frame: 0))
            grid.fill(rect, style: studio.theme.style("ui.preview"))
        } else {
            StudioView.draw(frame, into: &grid, rect: rect)
        }
    }

    /// The highlighted entry's facts under its picture: kind, pictures, the shots naming it, its words.
    private static func drawDetails(
        _ studio: Studio, _ overlay: CastOverlay, into grid: inout Grid, rect: Rect
    ) {
        guard let entry = studio.castEntry(at: overlay), rect.height > 0 else { return }
        let theme = studio.theme
        let count = entry.images.count
        let naming = studio.project.shotsNaming(entry.name).map { "\($0.id)" }
        var lines = [
            "@\(entry.name) · \(entry.kind.rawValue) · "
                + (count == 1 ? "1 picture" : "\(count) pictures"),
            naming.isEmpty ? "in no shot yet" : "in " + naming.joined(separator: ", "),
        ]
        lines += TextEditor(text: entry.description).layout(width: max(1, rect.width)).map(\.text)
        for (offset, line) in lines.prefix(rect.height - 1).enumerated() {
            grid.put(
                line, row: rect.row + 1 + offset, column: rect.column,
                style: offset == 0 ? theme.style("ui.title") : theme.style("ui.popup"), maxWidth: rect.width)
        }
    }
}
