import CNCurses
import TermGrid

#if canImport(Glibc)
    import Glibc
#endif

extension CursesScreen {
    /// Writes changed cells into curses' virtual screen (no output yet). A wide grapheme goes in its
    /// first cell and the continuation cell is skipped; cells off screen are dropped.
    public func draw(_ runs: [CellRun]) {
        guard !stopped else { return }
        let (height, width) = size
        for run in runs where run.row >= 0 && run.row < height {
            write(run, width: width)
        }
    }

    /// Flushes one frame: doupdate() once; then, when there are pictures, writes them inside
    /// synchronized-output brackets (ESC[?2026h … ESC[?2026l) at their cells with CUP, then puts the
    /// cursor back where curses thinks it is. `cursor` nil hides the cursor, otherwise shows it at
    /// that cell (for text editing). A frame that repaints everything is synchronized too.
    public func present(cursor: (row: Int, column: Int)?, pictures: [PictureWrite]) {
        guard !stopped else { return }
        let (height, width) = size
        let visible = pictures.filter { (0..<height).contains($0.row) && (0..<width).contains($0.column) }
        // Where curses leaves the cursor: the editing cell, or (with pictures) a known cell to come
        // back to; otherwise wherever the last change left it, which costs no bytes.
        var anchor: (row: Int, column: Int)?
        if let cursor {
            anchor = (
                min(max(cursor.row, 0), max(height - 1, 0)), min(max(cursor.column, 0), max(width - 1, 0))
            )
        } else if !visible.isEmpty {
            anchor = (0, 0)
        }
        showCursor(cursor != nil)
        if let anchor {
            leaveok(window, false)
            wmove(window, Int32(anchor.row), Int32(anchor.column))
        } else {
            leaveok(window, true)
        }
        let synchronized = repaintingAll || !visible.isEmpty
        if synchronized { send(Self.beginSynchronized) }
        wnoutrefresh(window)
        doupdate()
        fflush(outputFile)
        for picture in visible {
            send(Self.cursorPosition(row: picture.row, column: picture.column))
            send(picture.bytes)
        }
        if !visible.isEmpty, let anchor {
            send(Self.cursorPosition(row: anchor.row, column: anchor.column))
        }
        if synchronized { send(Self.endSynchronized) }
        repaintingAll = false
    }

    /// Forgets what is on screen so the next present repaints every cell (after a resize, a resume,
    /// or when pictures must go).
    public func invalidate() {
        guard !stopped else { return }
        clearok(kinora_curscr(), true)
        touchwin(window)
        repaintingAll = true
    }

    /// Shows or hides the cursor, telling the signal handlers which.
    func showCursor(_ shown: Bool) {
        guard shown != cursorShown else { return }
        cursorShown = shown
        curs_set(shown ? 1 : 0)
        TerminalRestore.state.pointee.cursorShown = shown ? 1 : 0
    }

    /// Writes `bytes` to the terminal, all of them (waiting when it is slow to take them).
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0 && (errno == EINTR || errno == EAGAIN) {
                if errno == EAGAIN {
                    var waiter = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiter, 1, 100)
                }
                continue
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Starts a synchronized update: the terminal shows nothing of it until the end.
    static let beginSynchronized = Array("\u{1B}[?2026h".utf8)
    /// Ends a synchronized update.
    static let endSynchronized = Array("\u{1B}[?2026l".utf8)

    /// CUP to a cell (zero-based).
    static func cursorPosition(row: Int, column: Int) -> [UInt8] {
        Array("\u{1B}[\(row + 1);\(column + 1)H".utf8)
    }
}

extension CursesScreen {
    /// Puts one run's cells into the standard window with one call; curses positions stay the
    /// grid's even where curses measures a character differently (it is drawn in a width curses
    /// agrees with).
    func write(_ run: CellRun, width: Int) {
        lineBuffer.removeAll(keepingCapacity: true)
        var start: Int?
        var skipContinuation = false
        for (offset, cell) in run.cells.enumerated() {
            let column = run.column + offset
            guard column < width else { break }
            guard column >= 0 else { continue }
            if cell.isContinuation && skipContinuation {
                skipContinuation = false
                continue
            }
            skipContinuation = false
            if start == nil { start = column }
            let look = look(for: cell.style)
            if cell.isContinuation {
                // A right half without its left half: keep the columns, show a blank.
                append(blankOf: look)
            } else if cell.width == 2 {
                guard column + 1 < width else {
                    append(blankOf: look)
                    continue
                }
                let shown = appendCharacters(of: cell.text, look: look)
                if shown < 2 { append(blankOf: look) }
                skipContinuation = true
            } else if appendCharacters(of: cell.text, look: look) != 1 {
                lineBuffer.removeLast()
                appendReplacement(look: look)
            }
        }
        guard let start, !lineBuffer.isEmpty else { return }
        lineBuffer.withUnsafeBufferPointer { cells in
            _ = mvwadd_wchnstr(window, Int32(run.row), Int32(start), cells.baseAddress, Int32(cells.count))
        }
    }

    /// Appends a cell showing `text` (one grapheme) and returns the columns curses gives it: 1 or 2,
    /// or 0 when it cannot show it (a replacement is then in its place, taking 1). Control
    /// characters never reach curses.
    private func appendCharacters(of text: String, look: Look) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F..<0xA0).contains(value) { continue }
            guard count < Int(CCHARW_MAX) else { break }
            characterBuffer[count] = wchar_t(bitPattern: value)
            count += 1
        }
        guard count > 0 else {
            append(blankOf: look)
            return 1
        }
        let columns = kinora_wcwidth(characterBuffer[0])
        guard columns == 1 || columns == 2 else {
            appendReplacement(look: look)
            return 0
        }
        characterBuffer[count] = 0
        appendCell(look: look)
        return Int(columns)
    }

    /// Appends a blank cell.
    private func append(blankOf look: Look) {
        characterBuffer[0] = 0x20
        characterBuffer[1] = 0
        appendCell(look: look)
    }

    /// Appends the replacement character.
    private func appendReplacement(look: Look) {
        characterBuffer[0] = replacement
        characterBuffer[1] = 0
        appendCell(look: look)
    }

    /// Appends a cell of the characters in `characterBuffer`.
    private func appendCell(look: Look) {
        var cell = cchar_t()
        characterBuffer.withUnsafeBufferPointer { characters in
            _ = kinora_setcchar(&cell, characters.baseAddress, look.attributes, look.pair)
        }
        lineBuffer.append(cell)
    }
}
