import KinoraCore
import TermGrid

/// The picture pane: the shown take (or the source) playing, stepping and compared A/B, or the
/// animatic.
enum PreviewView {
    /// Draws the pane, adding the pixel pictures it wants to `pictures`.
    static func draw(
        _ studio: Studio, into grid: inout Grid, layout: Layout, pictures: inout [PicturePlacement]
    ) {
        let theme = studio.theme
        let rect = layout.preview
        grid.fill(Layout.body(of: rect), style: theme.style("ui.preview"))
        let area = layout.previewPicture
        let transport = Rect(row: area.bottom, column: rect.column, width: rect.width, height: 1)
        if let animatic = studio.animatic {
            let clock = AnimaticClock(project: studio.project)
            let current = clock.shot(at: animatic.time)
            let label = current.map { studio.project.shots[$0.0].label } ?? ""
            StudioView.header(
                "Animatic", note: "shot \(label)", focused: true, theme: theme, into: &grid, rect: rect)
            if let (index, offset) = current {
                let shot = studio.project.shots[index]
                let start = shot.trim?.inPoint ?? 0
                show(
                    studio, shot: shot, take: shot.chosen, time: start + offset, into: &grid, area: area,
                    pictures: &pictures)
            }
            drawTransport(
                studio, time: animatic.time, length: clock.total,
                note: animatic.paused ? "paused · space plays · Esc stops" : "space pauses · Esc stops",
                playing: !animatic.paused, into: &grid, rect: transport)
            return
        }
        guard let shot = studio.selectedShot else {
            StudioView.header(
                "Preview", focused: studio.focus == .preview, theme: theme, into: &grid, rect: rect)
            return
        }
        if case .framing(let framing) = studio.mode, let source = shot.source {
            StudioView.header(
                "Framing · \(shot.label)", note: framing.framing.text, focused: true, theme: theme,
                into: &grid,
                rect: rect)
            drawFraming(studio, framing.framing, path: source.asset, area: area, into: &grid)
            drawTransport(
                studio, time: 0, length: 0, note: "Enter saves · a automatic · Esc cancels", playing: false,
                into: &grid, rect: transport)
            return
        }
        let shown = studio.displayedTake(of: shot)
        var title = "Preview · \(shot.label)"
        var note = ""
        if let shown {
            let position = (shot.takes.firstIndex { $0.id == shown.id } ?? 0) + 1
            title += " · \(shown.id) of \(shot.takes.count)"
            note =
                shown.id == shot.chosenTake
                ? "chosen · seed \(shown.seed)" : "\(shown.status.rawValue) · seed \(shown.seed)"
            let review = Studio.reviewSummary(of: shown)
            if !review.isEmpty { note = review + " · " + note }
            _ = position
        } else if shot.source != nil {
            title += " · source"
        }
        StudioView.header(
            title, note: note, focused: studio.focus == .preview, theme: theme, into: &grid, rect: rect)
        if let other = studio.preview.compareWith, let takeB = shot.takes.first(where: { $0.id == other }),
            let shown
        {
            let placed = studio.previewPictures(layout)
            if studio.preview.compareMode == .sideBySide, placed.count == 2 {
                drawFrame(
                    studio, path: placed[0].0, rect: placed[0].1, time: studio.preview.time, into: &grid,
                    pictures: &pictures)
                drawFrame(
                    studio, path: placed[1].0, rect: placed[1].1, time: studio.preview.time, into: &grid,
                    pictures: &pictures)
                grid.put(
                    "A \(shown.id)", row: placed[0].1.row, column: placed[0].1.column,
                    style: theme.style("ui.title"))
                grid.put(
                    "B \(takeB.id)", row: placed[1].1.row, column: placed[1].1.column,
                    style: theme.style("ui.title"))
            } else if placed.count == 2 {
                drawWipe(studio, a: placed[0].0, b: placed[1].0, rect: placed[0].1, into: &grid)
                grid.put(
                    "A \(shown.id)", row: placed[0].1.row, column: placed[0].1.column,
                    style: theme.style("ui.title"))
                let label = "B \(takeB.id)"
                grid.put(
                    label, row: placed[0].1.row, column: placed[0].1.right - Grid.displayWidth(label),
                    style: theme.style("ui.title"))
            }
        } else {
            show(
                studio, shot: shot, take: shown, time: studio.preview.time, into: &grid, area: area,
                pictures: &pictures)
        }
        let length = shown?.request.duration ?? shot.duration
        var flags: [String] = []
        if studio.preview.loop { flags.append("loop") }
        if let trim = shot.trim, shown?.id == shot.chosenTake {
            flags.append("trim \(Format.number(trim.inPoint))–\(Format.number(trim.outPoint))")
        }
        if studio.preview.compareWith != nil { flags.append(studio.preview.compareMode.rawValue) }
        if let note = shown.flatMap({ noteNear(studio.preview.time, in: $0) }) {
            flags.insert("✎ " + (note.timeText.map { "\($0): " } ?? "") + note.text, at: 0)
        }
        if let warning = shown?.warning { flags.append("⚠ " + warning) }
        drawTransport(
            studio, time: studio.preview.time, length: length, note: flags.joined(separator: " · "),
            playing: studio.preview.playing, marks: shown?.reviewNotes.compactMap(\.at) ?? [], into: &grid,
            rect: transport)
    }

    /// The review note to read at `time` in `take`: the nearest within half a second, else the newest on
    /// the whole take, so the notes show as the take plays and as a person steps to their ticks.
    static func noteNear(_ time: Double, in take: Take) -> ReviewNote? {
        let timed = take.reviewNotes.filter { $0.at.map { abs($0 - time) <= 0.5 } ?? false }
        if let nearest = timed.min(by: { abs(($0.at ?? 0) - time) < abs(($1.at ?? 0) - time) }) {
            return nearest
        }
        return take.reviewNotes.last { $0.at == nil }
    }

    /// The note being typed, on the transport line under the frame it is about; returns the cursor.
    static func drawNoteEditor(_ studio: Studio, _ note: NoteEditor, into grid: inout Grid, layout: Layout)
        -> (
            row: Int, column: Int
        )
    {
        let area = layout.previewPicture
        let rect = Rect(
            row: area.bottom, column: layout.preview.column, width: layout.preview.width, height: 1)
        let style = studio.theme.style("ui.inspector.editing")
        grid.fill(rect, style: style)
        let label = " Note on \(note.take) at \(tenths(note.at)): "
        let used = grid.put(
            label, row: rect.row, column: rect.column, style: style.adding(.bold), maxWidth: rect.width)
        let width = max(1, rect.width - used - 1)
        let line = note.editor.singleLine(width: width)
        grid.put(line.text, row: rect.row, column: rect.column + used, style: style, maxWidth: width)
        return (rect.row, min(rect.column + used + line.cursor, rect.right - 1))
    }

    /// The source picture letterboxed into `area` with the frame `framing` shows outlined on it, in cells
    /// (cells are about twice as tall as wide).
    private static func drawFraming(
        _ studio: Studio, _ framing: Framing, path: String, area: Rect, into grid: inout Grid
    ) {
        let key = PictureKey(path: path, columns: area.width, rows: area.height, allFrames: true)
        guard let strip = studio.pictures[key], let frame = strip.frames.first, let aspect = strip.aspect,
            aspect > 0
        else {
            let text = studio.picturesMissing.contains(path) ? "the file is missing: \(path)" : "loading…"
            ShotListView.placeholder(text, into: &grid, rect: area, style: studio.theme.style("ui.dim"))
            return
        }
        StudioView.draw(frame, into: &grid, rect: area)
        // Where the letterboxed picture lies in the pane, in cells.
        var width = Double(area.width)
        var height = width / (2 * aspect)
        if height > Double(area.height) {
            height = Double(area.height)
            width = height * 2 * aspect
        }
        let left = Double(area.column) + (Double(area.width) - width) / 2
        let top = Double(area.row) + (Double(area.height) - height) / 2
        let frameAspect = Double(studio.project.size.width) / Double(max(1, studio.project.size.height))
        let region = FramedRegion(framing: framing, sourceWidth: aspect, sourceHeight: 1, aspect: frameAspect)
        let column0 = Int((left + region.x / aspect * width).rounded())
        let column1 = max(column0 + 1, Int((left + (region.x + region.width) / aspect * width).rounded()) - 1)
        let row0 = Int((top + region.y * height).rounded())
        let row1 = max(row0 + 1, Int((top + (region.y + region.height) * height).rounded()) - 1)
        let style = studio.theme.style("ui.timeline.playhead").adding(.bold)
        for column in column0...column1 {
            grid.put(
                column == column0 ? "┌" : column == column1 ? "┐" : "─", row: row0, column: column,
                style: style)
            grid.put(
                column == column0 ? "└" : column == column1 ? "┘" : "─", row: row1, column: column,
                style: style)
        }
        for row in (row0 + 1)..<row1 {
            grid.put("│", row: row, column: column0, style: style)
            grid.put("│", row: row, column: column1, style: style)
        }
        let centre = (row: (row0 + row1) / 2, column: (column0 + column1) / 2)
        grid.put("+", row: centre.row, column: centre.column, style: style)
    }

    /// One shot's picture at `time`, or its words when it has no picture.
    private static func show(
        _ studio: Studio, shot: Shot, take: Take?, time: Double, into grid: inout Grid, area: Rect,
        pictures: inout [PicturePlacement]
    ) {
        let theme = studio.theme
        // A take that is not finished shows why, not the source it was made from.
        if take == nil || take?.status == .done, let path = studio.picturePath(of: shot, take: take) {
            drawFrame(
                studio, path: path, rect: studio.fitted(in: area), time: time, into: &grid,
                pictures: &pictures)
            return
        }
        let style = theme.style("ui.dim")
        var lines = ["Shot \(shot.label)"]
        if let take {
            switch take.status {
            case .failed: lines.append("\(take.id) failed: \(take.error ?? "no reason given")")
            case .queued, .running: lines.append("\(take.id) is \(take.status.rawValue)…")
            case .done: lines.append("\(take.id): the take's file is missing")
            case .cancelled, .interrupted:
                lines.append("\(take.id) was \(take.status.rawValue); n makes a new one")
            }
        } else {
            lines.append("No take yet: n generates one, i imports a source")
        }
        // Long reasons (an engine's error) wrap over as many rows as the pane has.
        let wrapped = lines.enumerated().flatMap { offset, line in
            TextEditor(text: line).layout(width: max(1, area.width - 4)).map { (offset, $0.text) }
        }
        let top = area.row + max(0, (area.height - wrapped.count) / 2)
        for (row, (offset, line)) in wrapped.prefix(area.height).enumerated() {
            let width = min(Grid.displayWidth(line), area.width - 2)
            grid.put(
                line, row: top + row, column: area.column + max(1, (area.width - width) / 2),
                style: offset == 0
                    ? theme.style("ui.title")
                    : offset == 1 && take?.status == .failed ? theme.style("ui.error") : style,
                maxWidth: area.width - 2)
        }
    }

    /// The frame of `path` at `time`: cells when loaded, a pixel placement in sixel/kitty terminals.
    private static func drawFrame(
        _ studio: Studio, path: String, rect: Rect, time: Double, into grid: inout Grid,
        pictures: inout [PicturePlacement]
    ) {
        let key = PictureKey(path: path, columns: rect.width, rows: rect.height, allFrames: true)
        guard let strip = studio.pictures[key], !strip.frames.isEmpty else {
            let text = studio.picturesMissing.contains(path) ? "the file is missing: \(path)" : "loading…"
            ShotListView.placeholder(text, into: &grid, rect: rect, style: studio.theme.style("ui.dim"))
            return
        }
        let frame = min(max(0, Int(time * strip.fps)), strip.frames.count - 1)
        if studio.pixelPictures {
            pictures.append(PicturePlacement(rect: rect, path: path, frame: frame))
            grid.fill(rect, style: studio.theme.style("ui.preview"))
        } else {
            StudioView.draw(strip.frames[frame], into: &grid, rect: rect)
        }
    }

    /// A on the left of the wipe line, B on the right.
    private static func drawWipe(_ studio: Studio, a: String, b: String, rect: Rect, into grid: inout Grid) {
        let split = Int(Double(rect.width) * studio.preview.wipe)
        let keyA = PictureKey(path: a, columns: rect.width, rows: rect.height, allFrames: true)
        let keyB = PictureKey(path: b, columns: rect.width, rows: rect.height, allFrames: true)
        guard let stripA = studio.pictures[keyA], let stripB = studio.pictures[keyB], !stripA.frames.isEmpty,
            !stripB.frames.isEmpty
        else {
            ShotListView.placeholder("loading…", into: &grid, rect: rect, style: studio.theme.style("ui.dim"))
            return
        }
        let time = studio.preview.time
        let frameA = stripA.frames[min(max(0, Int(time * stripA.fps)), stripA.frames.count - 1)]
        let frameB = stripB.frames[min(max(0, Int(time * stripB.fps)), stripB.frames.count - 1)]
        StudioView.draw(frameB, into: &grid, rect: rect)
        StudioView.draw(
            frameA, into: &grid,
            rect: Rect(row: rect.row, column: rect.column, width: split, height: rect.height))
        if split < rect.width {
            for row in rect.row..<rect.bottom {
                grid.put(
                    "┃", row: row, column: rect.column + split,
                    style: studio.theme.style("ui.timeline.playhead"))
            }
        }
    }

    private static func drawTransport(
        _ studio: Studio, time: Double, length: Double, note: String, playing: Bool, marks: [Double] = [],
        into grid: inout Grid, rect: Rect
    ) {
        let theme = studio.theme
        let style = theme.style("ui.preview")
        grid.fill(rect, style: style)
        let clock = "\(playing ? "▶" : "❚❚") \(tenths(time)) / \(tenths(length))"
        var column = rect.column + 1
        column += grid.put(clock, row: rect.row, column: column, style: style.adding(.bold))
        if let subtitle = studio.subtitleLine {
            // The line being spoken takes the bar's place: one line, made safe, cut to fit.
            let width = rect.right - column - 2
            guard width > 0 else { return }
            grid.put(
                TerminalText.truncated(TerminalText.sanitized(subtitle), toWidth: width), row: rect.row,
                column: column + 2, style: theme.style("ui.preview.subtitle").adding(.bold))
            return
        }
        let noteWidth = min(Grid.displayWidth(note), max(0, rect.width / 2))
        let barWidth = rect.right - column - noteWidth - 4
        if barWidth > 4 {
            let filled = length > 0 ? Int(Double(barWidth) * min(time / length, 1)) : 0
            grid.put(
                String(repeating: "━", count: filled), row: rect.row, column: column + 1,
                style: theme.style("ui.jobs.progress"))
            grid.put(
                String(repeating: "─", count: barWidth - filled), row: rect.row, column: column + 1 + filled,
                style: theme.style("ui.jobs.progress.empty"))
            // Review notes as ticks where they fall in the take.
            for mark in marks where length > 0 {
                let offset = min(barWidth - 1, Int(Double(barWidth) * min(max(mark / length, 0), 1)))
                grid.put("┃", row: rect.row, column: column + 1 + offset, style: theme.style("ui.warning"))
            }
        }
        if noteWidth > 0 {
            grid.put(
                TerminalText.truncated(note, toWidth: noteWidth), row: rect.row,
                column: rect.right - noteWidth - 1, style: theme.style("ui.dim"))
        }
    }

    /// `1.2s`-style clock with tenths.
    static func tenths(_ seconds: Double) -> String {
        let value = Int((max(0, seconds) * 10).rounded(.down))
        return "\(value / 10).\(value % 10)s"
    }
}
