import KinoraCore
import TermGrid

/// The storyboard as a column of shot cards: picture, label, duration, takes and status.
enum ShotListView {
    /// Draws the visible cards (or a hint when there are none) and a scroll bar when they overflow.
    static func draw(_ studio: Studio, into grid: inout Grid, layout: Layout) {
        let theme = studio.theme
        let rect = layout.shots
        let count = studio.project.shots.count
        let position = count == 0 ? "" : "\(studio.selection + 1)/\(count)"
        StudioView.header(
            "Storyboard", note: position, focused: studio.focus == .shots, theme: theme, into: &grid,
            rect: rect)
        let body = Layout.body(of: rect)
        grid.fill(body, style: theme.style("ui.shotlist"))
        guard count > 0 else {
            grid.put(
                "No shots yet.", row: body.row + 1, column: body.column + 2, style: theme.style("ui.dim"))
            grid.put(
                "Press a to add one.", row: body.row + 2, column: body.column + 2,
                style: theme.style("ui.hint"))
            return
        }
        let states = studio.project.continuityStates()
        for offset in 0..<layout.visibleCards {
            let index = studio.scroll + offset
            guard index < count else { break }
            let card = Rect(
                row: body.row + offset * layout.cardHeight, column: body.column, width: body.width,
                height: layout.cardHeight)
            drawCard(studio, index: index, state: states[index], into: &grid, rect: card, layout: layout)
        }
        if count > layout.visibleCards {
            // A scroll bar: where the visible cards lie in the whole storyboard.
            let barHeight = max(1, body.height * layout.visibleCards / count)
            let top =
                body.row + (body.height - barHeight) * studio.scroll / max(1, count - layout.visibleCards)
            for row in body.row..<body.bottom {
                let inside = row >= top && row < top + barHeight
                grid.put(
                    inside ? "┃" : "│", row: row, column: body.right - 1,
                    style: theme.style(inside ? "ui.border.focused" : "ui.border"))
            }
        }
    }

    private static func drawCard(
        _ studio: Studio, index: Int, state: ContinuityState, into grid: inout Grid, rect: Rect,
        layout: Layout
    ) {
        let theme = studio.theme
        let shot = studio.project.shots[index]
        let selected = index == studio.selection
        let base = theme.style(selected ? "ui.shotlist.selected" : "ui.shotlist")
        grid.fill(
            Rect(row: rect.row, column: rect.column, width: rect.width - 1, height: rect.height), style: base)
        grid.put(selected ? "▌" : " ", row: rect.row, column: rect.column, style: base)
        let picture = Rect(
            row: rect.row, column: rect.column + 1, width: layout.cardPictureWidth, height: rect.height)
        let take = shot.chosen ?? shot.takes.last { $0.status == .done }
        if let path = studio.picturePath(of: shot, take: take) {
            let key = PictureKey(path: path, columns: picture.width, rows: picture.height, allFrames: false)
            if let frame = studio.pictures[key]?.frames.first {
                StudioView.draw(frame, into: &grid, rect: picture)
            } else if studio.picturesMissing.contains(path) {
                placeholder(
                    "missing", into: &grid, rect: picture, style: theme.style("ui.shotlist.status.missing"))
            } else {
                placeholder("…", into: &grid, rect: picture, style: theme.style("ui.dim"))
            }
        } else {
            placeholder(
                shot.mode == .slate ? "slate" : "no take", into: &grid, rect: picture,
                style: theme.style("ui.dim"))
        }
        let textColumn = picture.right + 1
        let width = rect.right - 1 - textColumn
        guard width > 4 else { return }
        let takes = shot.takes.count == 1 ? "1 take" : "\(shot.takes.count) takes"
        let labelWidth = min(Grid.displayWidth(shot.label), 12, width)
        grid.put(
            shot.label, row: rect.row, column: textColumn, width: labelWidth,
            style: (selected ? base : theme.style("ui.shotlist.label")).adding(.bold))
        var facts = "  \(Format.seconds(shot.trim?.duration ?? shot.duration))  \(takes)"
        // The review at a glance: how many takes are circled and rejected.
        let circled = shot.takes.filter { $0.verdict == .circled }.count
        let rejected = shot.takes.filter { $0.verdict == .rejected }.count
        if circled > 0 { facts += " ◎\(circled)" }
        if rejected > 0 { facts += " ✕\(rejected)" }
        grid.put(
            facts, row: rect.row, column: textColumn + labelWidth, width: width - labelWidth, style: base)
        let (text, scope) = statusText(shot, continuity: state)
        grid.put(
            text, row: rect.row + 1, column: textColumn, width: width,
            style: selected ? base : theme.style(scope))
        let promptRows = rect.height - 2
        guard promptRows > 0 else { return }
        // Wrapped at word boundaries like the inspector; the last row ends in … when there is more.
        let lines = TextEditor(text: shot.prompt.isEmpty ? "(no prompt)" : shot.prompt).layout(width: width)
        for (line, visual) in lines.prefix(promptRows).enumerated() {
            var text = visual.text
            if line == promptRows - 1, lines.count > promptRows {
                text = TerminalText.truncated(text + "……", toWidth: min(width, Grid.displayWidth(text) + 1))
            }
            grid.put(
                text, row: rect.row + 2 + line, column: textColumn,
                style: selected ? base : theme.style("ui.dim"), maxWidth: width)
        }
    }

    /// The card's status line and its colour scope; a continuing shot says when it is stale or waiting.
    static func statusText(_ shot: Shot, continuity: ContinuityState = .independent) -> (String, String) {
        if let running = shot.takes.last(where: { $0.status == .running || $0.status == .queued }) {
            return ("◐ \(running.id) \(running.status.rawValue)", "ui.shotlist.status.running")
        }
        // A shot the script no longer has is kept for its takes; the card says so before anything else.
        if shot.removedFromScript == true {
            return ("✂ cut from the script", "ui.warning")
        }
        switch continuity {
        case .stale:
            return ("⟳ \(shot.chosenTake?.rawValue ?? "take") stale · R remakes", "ui.warning")
        case .waiting(let previous):
            return ("… waiting for \(previous)", "ui.shotlist.status.missing")
        case .noPreviousShot:
            return ("✕ nothing to continue", "ui.shotlist.status.failed")
        case .independent, .current:
            break
        }
        if let chosen = shot.chosen {
            return ("● \(chosen.id) chosen · seed \(chosen.seed)", "ui.shotlist.status.ready")
        }
        if let failed = shot.takes.last, failed.status == .failed {
            return ("✕ \(failed.id) failed", "ui.shotlist.status.failed")
        }
        return ("○ no take · seed \(shot.seed)", "ui.shotlist.status.missing")
    }

    /// Fills `rect` with `style` and centres `text` in it, where a picture is not shown.
    static func placeholder(_ text: String, into grid: inout Grid, rect: Rect, style: CellStyle) {
        grid.fill(rect, style: style)
        let row = rect.row + rect.height / 2
        let width = min(Grid.displayWidth(text), rect.width)
        grid.put(
            text, row: row, column: rect.column + (rect.width - width) / 2, style: style, maxWidth: rect.width
        )
    }
}

/// The job panel: what is queued and running, with progress bars.
enum JobPanelView {
    /// The first job row shown in `height` rows: from the top, scrolled to keep the selection in view.
    static func firstRow(_ studio: Studio, height: Int) -> Int {
        max(0, min(studio.jobSelection - height + 1, studio.jobs.count - height))
    }

    /// Draws how many jobs run and wait, then one row per job with its progress or outcome.
    static func draw(_ studio: Studio, into grid: inout Grid, rect: Rect) {
        let theme = studio.theme
        let running = studio.jobs.filter { $0.state == .running }.count
        let waiting = studio.jobs.filter { $0.state == .waiting }.count
        let note = [running > 0 ? "\(running) running" : "", waiting > 0 ? "\(waiting) waiting" : ""]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        StudioView.header(
            "Jobs", note: note, focused: studio.focus == .jobs, theme: theme, into: &grid, rect: rect)
        let body = Layout.body(of: rect)
        grid.fill(body, style: theme.style("ui.jobs"))
        guard !studio.jobs.isEmpty else {
            grid.put(
                "No jobs. n generates a take.", row: body.row, column: body.column + 1,
                style: theme.style("ui.dim"), maxWidth: body.width - 2)
            return
        }
        let first = firstRow(studio, height: body.height)
        for (offset, job) in studio.jobs.dropFirst(first).prefix(body.height).enumerated() {
            let row = body.row + offset
            let selected = first + offset == studio.jobSelection && studio.focus == .jobs
            let style = theme.style(selected ? "ui.shotlist.selected" : "ui.jobs")
            grid.fill(Rect(row: row, column: body.column, width: body.width, height: 1), style: style)
            let barWidth = max(6, body.width / 3)
            let labelWidth = body.width - barWidth - 3
            grid.put(job.label, row: row, column: body.column + 1, width: labelWidth, style: style)
            let barColumn = body.column + 2 + labelWidth
            switch job.state {
            case .waiting:
                grid.put(
                    "waiting", row: row, column: barColumn, style: theme.style("ui.dim"), maxWidth: barWidth)
            case .running:
                let fraction = min(max(job.progress ?? 0, 0), 1)
                let filled = Int((fraction * Double(barWidth)).rounded(.down))
                grid.put(
                    String(repeating: "█", count: filled), row: row, column: barColumn,
                    style: theme.style("ui.jobs.progress"))
                grid.put(
                    String(repeating: "░", count: barWidth - filled), row: row, column: barColumn + filled,
                    style: theme.style("ui.jobs.progress.empty"))
            case .done:
                grid.put(
                    "✓ done", row: row, column: barColumn, style: theme.style("ui.ok"), maxWidth: barWidth)
            case .failed(let reason):
                grid.put(
                    "✕ " + reason, row: row, column: barColumn, style: theme.style("ui.error"),
                    maxWidth: barWidth)
            case .cancelled:
                grid.put(
                    "cancelled", row: row, column: barColumn, style: theme.style("ui.dim"), maxWidth: barWidth
                )
            }
        }
    }
}
