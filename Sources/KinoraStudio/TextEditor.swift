import KinoraCore
import TermGrid

/// A multi-line text buffer with a cursor, for the prompt and the studio's other text fields.
///
/// Lines are stored as grapheme clusters (`Character`s), so a combining mark, an emoji sequence or a
/// flag is one step for the cursor and one deletion. Text is kept exactly as given, control
/// characters included (a prompt is data); only line breaks are normalised: `\r\n` and a lone `\r`
/// (what terminals send for Enter, and in bracketed paste) become `\n`. Tabs stay tabs and show as
/// one space, as `Grid.put` draws them. Widths are terminal columns of what is drawn: a control
/// character counts as its visible form (ESC is `^[`, two columns), wide CJK characters count two,
/// and zero-width graphemes (a lone U+200B) count none but are still stepped over one at a time.
///
/// Each grapheme's width and wrapping class are worked out once, when it is inserted, so layout and
/// vertical motion are integer work even for a 10,000-character prompt.
///
/// Every edit and every motion other than up/down forgets `preferredColumn`; up/down set it, so
/// a run of vertical moves keeps aiming at the column it started from.
struct TextEditor: Equatable, Sendable {
    /// A place between graphemes: a logical line and an index into it, in graphemes.
    struct Position: Hashable, Comparable, Sendable {
        /// The logical line, from 0.
        var line: Int
        /// Graphemes before the place on its line, from 0 to the line's length.
        var index: Int

        /// Orders positions as they come in the text.
        static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.line, lhs.index) < (rhs.line, rhs.index)
        }
    }

    /// The logical lines with each grapheme's metrics. Never empty.
    private var storage: [Line]
    /// Where the cursor is.
    private(set) var cursor: Position
    /// The display column up/down motion aims for; nil after any other motion or edit.
    private(set) var preferredColumn: Int?

    /// A buffer holding `text`, with the cursor at its end.
    init(text: String = "") {
        storage = Self.splitLines(text).map { Line(Array($0)) }
        if storage.isEmpty { storage = [Line([])] }
        let last = storage.count - 1
        cursor = Position(line: last, index: storage[last].count)
        preferredColumn = nil
    }

    /// The logical lines as grapheme clusters, without line breaks.
    var lines: [[Character]] { storage.map(\.characters) }

    /// How many logical lines there are (at least one).
    var lineCount: Int { storage.count }

    /// The text, lines joined by `\n`.
    var text: String {
        var out = ""
        for (number, line) in storage.enumerated() {
            if number > 0 { out.append("\n") }
            out.append(contentsOf: line.characters)
        }
        return out
    }

    /// Whether the buffer holds nothing.
    var isEmpty: Bool { storage.count == 1 && storage[0].count == 0 }

    /// The graphemes in the whole text (line breaks count one each).
    var count: Int { storage.reduce(storage.count - 1) { $0 + $1.count } }

    /// Replaces the whole text and puts the cursor at its end.
    mutating func setText(_ text: String) {
        self = TextEditor(text: text)
    }

    /// Moves the cursor to `position`, clamped into the text.
    mutating func moveCursor(to position: Position) {
        let line = min(max(position.line, 0), storage.count - 1)
        cursor = Position(line: line, index: min(max(position.index, 0), storage[line].count))
        preferredColumn = nil
    }

    // MARK: - Editing

    /// Inserts `text` at the cursor and puts the cursor after it. Line breaks in it split the line.
    mutating func insert(_ text: String) {
        preferredColumn = nil
        guard !text.isEmpty else { return }
        let pieces = Self.splitLines(text)
        let at = cursor.index
        guard pieces.count > 1, let first = pieces.first, let last = pieces.last else {
            cursor.index = storage[cursor.line].replace(at..<at, with: pieces.first ?? "")
            return
        }
        var tail = storage[cursor.line].split(at: at)
        _ = storage[cursor.line].replace(at..<at, with: first)
        let end = tail.replace(0..<0, with: last)
        var added: [Line] = []
        added.reserveCapacity(pieces.count - 1)
        for piece in pieces.dropFirst().dropLast() { added.append(Line(Array(piece))) }
        added.append(tail)
        storage.insert(contentsOf: added, at: cursor.line + 1)
        cursor = Position(line: cursor.line + pieces.count - 1, index: end)
    }

    /// Splits the line at the cursor (Enter).
    mutating func insertNewline() {
        insert("\n")
    }

    /// Deletes the grapheme before the cursor, or joins the line to the one above at its start.
    mutating func deleteBackward() {
        preferredColumn = nil
        if cursor.index > 0 {
            deleteInLine(from: cursor.index - 1)
        } else if cursor.line > 0 {
            joinLine(cursor.line - 1)
        }
    }

    /// Deletes the grapheme after the cursor, or joins the next line to this one at its end.
    mutating func deleteForward() {
        preferredColumn = nil
        if cursor.index < storage[cursor.line].count {
            _ = storage[cursor.line].replace(cursor.index..<(cursor.index + 1), with: "")
            cursor.index = min(cursor.index, storage[cursor.line].count)
        } else if cursor.line + 1 < storage.count {
            let index = cursor.index
            joinLine(cursor.line)
            cursor.index = min(index, storage[cursor.line].count)
        }
    }

    /// Deletes back to the start of the word before the cursor (Ctrl-W); at a line's start, joins.
    mutating func deleteWordBackward() {
        preferredColumn = nil
        guard cursor.index > 0 else {
            deleteBackward()
            return
        }
        deleteInLine(from: storage[cursor.line].wordStart(before: cursor.index))
    }

    /// Deletes from the line's start to the cursor (Ctrl-U); at a line's start, joins.
    mutating func deleteToLineStart() {
        preferredColumn = nil
        guard cursor.index > 0 else {
            deleteBackward()
            return
        }
        deleteInLine(from: 0)
    }

    /// Deletes from the cursor to the line's end (Ctrl-K); at a line's end, joins the next line.
    mutating func deleteToLineEnd() {
        preferredColumn = nil
        guard cursor.index < storage[cursor.line].count else {
            deleteForward()
            return
        }
        _ = storage[cursor.line].split(at: cursor.index)
    }

    /// Removes the graphemes from `start` up to the cursor on the cursor's line.
    private mutating func deleteInLine(from start: Int) {
        cursor.index = storage[cursor.line].replace(start..<cursor.index, with: "")
    }

    /// Joins line `number + 1` onto line `number`, with the cursor where they meet.
    private mutating func joinLine(_ number: Int) {
        let seam = storage[number].count
        let lower = storage.remove(at: number + 1)
        storage[number].append(lower)
        cursor = Position(line: number, index: storage[number].replace(seam..<seam, with: ""))
    }

    // MARK: - Motion

    /// Moves one grapheme left, to the end of the line above from a line's start.
    mutating func moveLeft() {
        preferredColumn = nil
        if cursor.index > 0 {
            cursor.index -= 1
        } else if cursor.line > 0 {
            cursor = Position(line: cursor.line - 1, index: storage[cursor.line - 1].count)
        }
    }

    /// Moves one grapheme right, to the start of the line below from a line's end.
    mutating func moveRight() {
        preferredColumn = nil
        if cursor.index < storage[cursor.line].count {
            cursor.index += 1
        } else if cursor.line + 1 < storage.count {
            cursor = Position(line: cursor.line + 1, index: 0)
        }
    }

    /// Moves to the start of the logical line (Home, Ctrl-A).
    mutating func moveLineStart() {
        preferredColumn = nil
        cursor.index = 0
    }

    /// Moves to the end of the logical line (End, Ctrl-E).
    mutating func moveLineEnd() {
        preferredColumn = nil
        cursor.index = storage[cursor.line].count
    }

    /// Moves to the start of the text.
    mutating func moveToStart() {
        preferredColumn = nil
        cursor = Position(line: 0, index: 0)
    }

    /// Moves to the end of the text.
    mutating func moveToEnd() {
        preferredColumn = nil
        cursor = Position(line: storage.count - 1, index: storage[storage.count - 1].count)
    }

    /// Moves to the start of the word before the cursor; from a line's start, to the end of the line above.
    mutating func moveWordLeft() {
        preferredColumn = nil
        if cursor.index > 0 {
            cursor.index = storage[cursor.line].wordStart(before: cursor.index)
        } else if cursor.line > 0 {
            cursor = Position(line: cursor.line - 1, index: storage[cursor.line - 1].count)
        }
    }

    /// Moves to the end of the word after the cursor; from a line's end, to the start of the line below.
    mutating func moveWordRight() {
        preferredColumn = nil
        let current = storage[cursor.line]
        guard cursor.index < current.count else {
            if cursor.line + 1 < storage.count { cursor = Position(line: cursor.line + 1, index: 0) }
            return
        }
        cursor.index = current.wordEnd(after: cursor.index)
    }

    /// Moves up one wrapped row at `width` columns, keeping the display column; from the top row,
    /// to the start of the text.
    mutating func moveUp(width: Int) {
        let here = storage[cursor.line].rows(width: width)
        let (row, column) = here.locate(cursor.index)
        let goal = preferredColumn ?? column
        if row > 0 {
            cursor.index = here.index(onRow: row - 1, nearestColumn: goal)
        } else if cursor.line > 0 {
            let above = storage[cursor.line - 1].rows(width: width)
            cursor = Position(
                line: cursor.line - 1,
                index: above.index(onRow: above.segments.count - 1, nearestColumn: goal))
        } else {
            cursor.index = 0
        }
        preferredColumn = goal
    }

    /// Moves down one wrapped row at `width` columns, keeping the display column; from the bottom
    /// row, to the end of the text.
    mutating func moveDown(width: Int) {
        let here = storage[cursor.line].rows(width: width)
        let (row, column) = here.locate(cursor.index)
        let goal = preferredColumn ?? column
        if row + 1 < here.segments.count {
            cursor.index = here.index(onRow: row + 1, nearestColumn: goal)
        } else if cursor.line + 1 < storage.count {
            let below = storage[cursor.line + 1].rows(width: width)
            cursor = Position(line: cursor.line + 1, index: below.index(onRow: 0, nearestColumn: goal))
        } else {
            cursor.index = storage[cursor.line].count
        }
        preferredColumn = goal
    }

    /// Moves the cursor to the grapheme drawn at (`row`, `column`) of the layout at `width` (a click).
    mutating func moveCursor(toRow row: Int, column: Int, width: Int) {
        var first = 0
        for (number, line) in storage.enumerated() {
            let rows = line.rows(width: width)
            if row < first + rows.segments.count || number == storage.count - 1 {
                let local = min(max(row - first, 0), rows.segments.count - 1)
                cursor = Position(
                    line: number, index: rows.index(onRow: local, nearestColumn: max(column, 0)))
                preferredColumn = nil
                return
            }
            first += rows.segments.count
        }
    }

    // MARK: - Layout

    /// The text wrapped to `width` columns: at spaces and around wide characters where it can,
    /// hard where a word is longer than the width. A wide character never straddles the edge; a
    /// single space at a wrap hangs past it (undrawn) rather than starting the next row; a line that
    /// fills the width exactly is followed by an empty row that holds the cursor at its end.
    func layout(width: Int) -> [VisualLine] {
        var out: [VisualLine] = []
        for (number, line) in storage.enumerated() {
            for segment in line.rows(width: width).segments {
                out.append(
                    VisualLine(
                        line: number, range: segment.range, text: String(line.characters[segment.range]),
                        columns: segment.columns))
            }
        }
        return out
    }

    /// The cursor's row in `layout(width:)` and its column in display cells (kept inside the width:
    /// on a hanging space it shows on the last cell).
    func cursorPosition(width: Int) -> (row: Int, column: Int) {
        var first = 0
        for line in storage[..<cursor.line] {
            first += line.rows(width: width).segments.count
        }
        let (row, column) = storage[cursor.line].rows(width: width).locate(cursor.index)
        return (first + row, min(column, max(width, 1) - 1))
    }

    /// The first row to show in a `height`-row view so the cursor stays visible, moving from `current`
    /// as little as possible.
    func scroll(keepingCursorVisibleFrom current: Int, width: Int, height: Int) -> Int {
        let row = cursorPosition(width: width).row
        guard height > 0 else { return row }
        if row < current { return row }
        if row >= current + height { return row - height + 1 }
        return max(0, current)
    }

    /// Draws the text wrapped to `rect`, from layout row `scroll`, in `style`; with a
    /// `cursorStyle`, restyles the cell(s) under the cursor so it shows without a terminal cursor.
    func draw(into grid: inout Grid, rect: Rect, style: CellStyle, scroll: Int, cursorStyle: CellStyle? = nil)
    {
        guard !rect.isEmpty else { return }
        grid.fill(rect, style: style)
        let rows = layout(width: rect.width)
        let top = max(0, scroll)
        guard top < rows.count else { return }
        for (offset, visual) in rows[top..<min(rows.count, top + rect.height)].enumerated() {
            let line = storage[visual.line]
            var column = 0
            for index in visual.range {
                let columns = Int(line.metrics[index].columns)
                if column + columns > rect.width { break }
                if columns > 0 {
                    grid.put(
                        String(line.characters[index]), row: rect.row + offset, column: rect.column + column,
                        style: style, maxWidth: columns)
                }
                column += columns
            }
        }
        guard let cursorStyle else { return }
        let (row, column) = cursorPosition(width: rect.width)
        guard row >= top, row < top + rect.height else { return }
        let line = storage[cursor.line]
        let under = cursor.index < line.count ? Int(line.metrics[cursor.index].columns) : 1
        let span = min(max(under, 1), rect.width - column)
        grid.restyle(Rect(row: rect.row + row - top, column: rect.column + column, width: span, height: 1)) {
            $0 = cursorStyle
        }
    }

    /// The columns `character` takes as the grid draws it: its visible form for control characters
    /// (ESC is `^[`, 2; a tab is a space, 1), 2 for wide characters, 0 for zero-width ones.
    static func columns(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            switch ascii {
            case 0x09: return 1
            case 0x00..<0x20, 0x7F: return 2
            default: return 1
            }
        }
        let needsVisibleForm = character.unicodeScalars.contains { scalar in
            let value = scalar.value
            return value < 0x20 || (0x7F..<0xA0).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
        }
        if needsVisibleForm {
            return Grid.displayWidth(TerminalText.sanitized(String(character)))
        }
        return Grid.width(of: character)
    }
}

// MARK: - Lines and their metrics

/// The storage behind the buffer: lines measured once, and their wrapping.
extension TextEditor {
    /// What word motion and wrapping need to know about one grapheme, worked out once.
    fileprivate struct Metric: Equatable, Sendable {
        /// The kinds of grapheme word motion tells apart.
        enum WordClass: UInt8, Sendable {
            /// Whitespace, letters and digits, wide (CJK) letters, and punctuation.
            case space, word, wideWord, other
        }

        /// Display columns (capped at 255).
        var columns: UInt8
        /// Word motion's class.
        var word: WordClass
        /// A space or a tab: may hang at a wrap, never starts a row.
        var isSpaceOrTab: Bool
        /// A row may start after it (whitespace, U+200B).
        var breaksAfter: Bool
        /// A row may start after it even before closing punctuation (space, tab, U+200B).
        var breaksAfterAlways: Bool
        /// Closing punctuation a row should not start with.
        var noBreakBefore: Bool
        /// An opening bracket a row should not end with.
        var noBreakAfter: Bool

        /// The metrics of `character`.
        init(_ character: Character) {
            if let ascii = character.asciiValue, character != "\r\n" {
                self.init(ascii: ascii)
            } else {
                self.init(other: character)
            }
        }

        /// The metrics of any other grapheme.
        private init(other character: Character) {
            let columns = TextEditor.columns(of: character)
            self.columns = UInt8(clamping: columns)
            isSpaceOrTab = character == " " || character == "\t"
            breaksAfterAlways = isSpaceOrTab || character == "\u{200B}"
            breaksAfter = breaksAfterAlways || character.isWhitespace
            noBreakBefore = Self.closing.contains(character)
            noBreakAfter = Self.opening.contains(character)
            // Letters, digits and `_` make words; wide (CJK) letters make words of their own kind, so a
            // Latin name inside Chinese text is a word; everything else but space is punctuation.
            if character.isWhitespace {
                word = .space
            } else if character.isLetter || character.isNumber || character == "_" {
                word = columns == 2 ? .wideWord : .word
            } else {
                word = .other
            }
        }

        /// The metrics of an ASCII character, without `Character` look-ups.
        private init(ascii: UInt8) {
            let control = ascii < 0x20 || ascii == 0x7F
            columns = control && ascii != 0x09 ? 2 : 1
            isSpaceOrTab = ascii == 0x20 || ascii == 0x09
            breaksAfterAlways = isSpaceOrTab
            breaksAfter = isSpaceOrTab || (0x0A...0x0D).contains(ascii)
            noBreakBefore = Self.closingASCII.contains(ascii)
            noBreakAfter = Self.openingASCII.contains(ascii)
            switch ascii {
            case 0x20, 0x09...0x0D: word = .space
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: word = .word
            default: word = .other
            }
        }

        /// The ASCII members of `closing` and `opening`, as bytes.
        private static let closingASCII: [UInt8] = Array(",.;:?!)]}".utf8)
        private static let openingASCII: [UInt8] = Array("([{".utf8)

        /// Characters a row should not start with (closing punctuation, CJK and ASCII).
        private static let closing: Set<Character> = [
            "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "〉", "”", "’", "…", "ー",
            ",", ".", ";", ":", "?", "!", ")", "]", "}",
        ]

        /// Characters a row should not end with (opening brackets).
        private static let opening: Set<Character> = ["（", "「", "『", "【", "《", "〈", "“", "‘", "(", "[", "{"]
    }

    /// One logical line: its graphemes and their metrics, side by side.
    fileprivate struct Line: Equatable, Sendable {
        /// The graphemes.
        private(set) var characters: [Character]
        /// Each grapheme's metrics.
        private(set) var metrics: [Metric]

        /// A line of `characters`, measured.
        init(_ characters: [Character]) {
            self.characters = characters
            metrics = characters.map(Metric.init)
        }

        private init(characters: [Character], metrics: [Metric]) {
            self.characters = characters
            self.metrics = metrics
        }

        /// The graphemes on the line.
        var count: Int { characters.count }

        /// Cuts the line at `index` and returns the part after it.
        mutating func split(at index: Int) -> Line {
            let rest = Line(characters: Array(characters[index...]), metrics: Array(metrics[index...]))
            characters.removeSubrange(index...)
            metrics.removeSubrange(index...)
            return rest
        }

        /// Appends `other` as it is (no new segmentation where they meet).
        mutating func append(_ other: Line) {
            characters.append(contentsOf: other.characters)
            metrics.append(contentsOf: other.metrics)
        }

        /// Replaces the graphemes in `range` with `middle`, segmenting again where the parts meet
        /// (a combining mark typed after a letter joins it), and returns the index just after `middle`.
        mutating func replace(_ range: Range<Int>, with middle: String) -> Int {
            var window = ""
            if range.lowerBound > 0 { window.append(characters[range.lowerBound - 1]) }
            window += middle
            let hasRight = range.upperBound < count
            if hasRight { window.append(characters[range.upperBound]) }
            let seam = Array(window)
            let kept = max(0, range.lowerBound - 1)
            let resumed = hasRight ? range.upperBound + 1 : range.upperBound
            let keepsRight = hasRight && !seam.isEmpty && seam[seam.count - 1] == characters[range.upperBound]
            characters.replaceSubrange(kept..<resumed, with: seam)
            metrics.replaceSubrange(kept..<resumed, with: seam.map(Metric.init))
            return kept + seam.count - (keepsRight ? 1 : 0)
        }

        /// Where the word before `index` starts (spaces before the cursor are skipped first).
        func wordStart(before index: Int) -> Int {
            var start = index
            while start > 0, metrics[start - 1].word == .space { start -= 1 }
            if start > 0 {
                let kind = metrics[start - 1].word
                while start > 0, metrics[start - 1].word == kind { start -= 1 }
            }
            return start
        }

        /// Where the word after `index` ends (spaces after the cursor are skipped first).
        func wordEnd(after index: Int) -> Int {
            var end = index
            while end < count, metrics[end].word == .space { end += 1 }
            if end < count {
                let kind = metrics[end].word
                while end < count, metrics[end].word == kind { end += 1 }
            }
            return end
        }

        /// The line wrapped at `width` columns (at least 1).
        func rows(width requested: Int) -> Rows {
            let width = max(1, requested)
            var segments: [Rows.Segment] = []
            var start = 0
            var column = 0
            var lastBreak = -1
            var index = 0
            while index < count {
                let columns = Int(metrics[index].columns)
                if index > start, canBreak(before: index) { lastBreak = index }
                if column + columns > width, index > start {
                    if columns == 1, column == width, metrics[index].isSpaceOrTab {
                        // One space at the wrap hangs past the edge instead of starting the next row.
                        segments.append(Rows.Segment(range: start..<(index + 1), columns: column + 1))
                        start = index + 1
                        column = 0
                        lastBreak = -1
                        index += 1
                        continue
                    }
                    let cut = lastBreak > start ? lastBreak : index
                    var carried = 0
                    for position in cut..<index { carried += Int(metrics[position].columns) }
                    segments.append(Rows.Segment(range: start..<cut, columns: column - carried))
                    start = cut
                    column = carried
                    lastBreak = -1
                    continue
                }
                column += columns
                index += 1
            }
            segments.append(Rows.Segment(range: start..<count, columns: column))
            if column >= width {
                // A full last row: the cursor at the line's end needs a cell of its own.
                segments.append(Rows.Segment(range: count..<count, columns: 0))
            }
            return Rows(segments: segments, metrics: metrics)
        }

        /// Whether a row may start at `index`: after a space or a zero-width space, or next to a wide
        /// character (CJK text has no spaces), but never before a space, a zero-width grapheme or
        /// closing punctuation, nor after an opening bracket.
        private func canBreak(before index: Int) -> Bool {
            let previous = metrics[index - 1]
            let next = metrics[index]
            if next.columns == 0 || next.isSpaceOrTab { return false }
            if previous.breaksAfterAlways { return true }
            if next.noBreakBefore || previous.noBreakAfter { return false }
            return previous.breaksAfter || previous.columns == 2 || next.columns == 2
        }
    }

    /// One logical line wrapped: its rows, with the metrics to measure them.
    fileprivate struct Rows {
        /// One row: the graphemes on it and the columns they take.
        struct Segment {
            /// The graphemes on the row.
            var range: Range<Int>
            /// The columns they take.
            var columns: Int
        }

        /// The rows, top to bottom (at least one).
        var segments: [Segment]
        /// The line's metrics, by grapheme.
        var metrics: [Metric]

        /// The row holding `index` and its column there. An index at a row's end belongs to the
        /// next row, except on the last row.
        func locate(_ index: Int) -> (row: Int, column: Int) {
            for (row, segment) in segments.enumerated()
            where index < segment.range.upperBound || row == segments.count - 1 {
                var column = 0
                for position in segment.range.lowerBound..<max(segment.range.lowerBound, index) {
                    column += Int(metrics[position].columns)
                }
                return (row, column)
            }
            return (0, 0)
        }

        /// The index on `row` nearest to `column` without passing it: the start of a wide
        /// character that `column` falls inside. Only the last row may end at its end.
        func index(onRow row: Int, nearestColumn goal: Int) -> Int {
            let segment = segments[row]
            let isLast = row == segments.count - 1
            let limit =
                isLast
                ? segment.range.upperBound : max(segment.range.lowerBound, segment.range.upperBound - 1)
            var column = 0
            var best = segment.range.lowerBound
            for position in segment.range.lowerBound..<limit {
                column += Int(metrics[position].columns)
                if column > goal { break }
                best = position + 1
            }
            return best
        }
    }

    /// `text` cut at `\n`, `\r\n` and lone `\r`.
    fileprivate static func splitLines(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }
}

extension TextEditor {
    /// The text as one line `width` cells wide, scrolled by whole characters so the cursor stays on it
    /// (a wide character is never cut in half), and the cursor's column in that line.
    func singleLine(width: Int) -> (text: String, cursor: Int) {
        let width = max(1, width)
        let position = cursorPosition(width: 10_000).column
        var skipped = 0
        var rest = Substring(text)
        // Drop characters from the start until the cursor fits, counting their cells, not their number.
        while position - skipped > width - 1, let first = rest.first {
            skipped += Grid.width(of: first)
            rest = rest.dropFirst()
        }
        return (TerminalText.truncated(String(rest), toWidth: width), position - skipped)
    }
}
