import KinoraCore

/// A screen's worth of cells that views draw into. Drawing is clipped to the grid (and to an
/// optional clip rectangle), wide graphemes take two cells, and text is made safe for a terminal
/// as it is drawn: nothing a user typed can reach the terminal as a control sequence.
public struct Grid: Hashable, Sendable {
    /// Columns across.
    public let width: Int
    /// Rows down.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Where drawing is allowed; everything outside it is left alone.
    public var clip: Rect

    /// A grid of blank cells in `style`.
    public init(width: Int, height: Int, style: CellStyle = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank(style), count: self.width * self.height)
        self.clip = Rect(row: 0, column: 0, width: self.width, height: self.height)
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(row: 0, column: 0, width: width, height: height) }

    /// The cell at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    private func drawable(row: Int, column: Int) -> Bool {
        row >= 0 && row < height && column >= 0 && column < width && clip.contains(row: row, column: column)
    }

    /// Fills `rect` with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: CellStyle) {
        let top = max(rect.row, clip.row, 0)
        let bottom = min(rect.bottom, clip.bottom, height)
        let left = max(rect.column, clip.column, 0)
        let right = min(rect.right, clip.right, width)
        guard top < bottom, left < right else { return }
        let blank = Cell.blank(style)
        for row in top..<bottom {
            let start = row * width
            for column in left..<right { cells[start + column] = blank }
        }
    }

    /// Changes the style of every cell in `rect`, keeping the text (for highlighting a selection).
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        for row in max(rect.row, 0)..<min(rect.bottom, height) {
            for column in max(rect.column, 0)..<min(rect.right, width)
            where drawable(row: row, column: column) {
                change(&cells[row * width + column].style)
            }
        }
    }

    /// Draws `text` on one line from (`row`, `column`), at most `maxWidth` columns, and returns the
    /// columns used. Newlines and tabs show as spaces; other control characters in visible form.
    /// A wide grapheme that does not fit whole is replaced by a space.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle, maxWidth: Int? = nil)
        -> Int
    {
        let limit = maxWidth.map { column + max(0, $0) } ?? width
        var at = column
        let safe =
            Grid.needsSanitising(text)
            ? TerminalText.sanitized(text).replacingOccurrences(of: " ⏎ ", with: " ") : text
        for character in safe {
            if at >= limit { break }
            let columns = Grid.width(of: character)
            if columns == 0 {
                // A lone zero-width grapheme (U+200B, a stray combining mark) adds nothing visible.
                continue
            }
            if at + columns > limit {
                if drawable(row: row, column: at) { self[row, at] = Cell(" ", style: style) }
                at += 1
                break
            }
            if columns == 2 {
                if drawable(row: row, column: at) && drawable(row: row, column: at + 1) {
                    clearWideNeighbours(row: row, column: at, span: 2, style: style)
                    self[row, at] = Cell(String(character), style: style, width: 2)
                    self[row, at + 1] = Cell("", style: style, width: 0)
                } else if drawable(row: row, column: at) {
                    self[row, at] = Cell(" ", style: style)
                }
            } else if drawable(row: row, column: at) {
                clearWideNeighbours(row: row, column: at, span: 1, style: style)
                self[row, at] = Cell(String(character), style: style)
            }
            at += columns
        }
        return at - column
    }

    /// Draws `text` padded with spaces (or cut with `…`) to exactly `width` columns.
    public mutating func put(_ text: String, row: Int, column: Int, width: Int, style: CellStyle) {
        guard width > 0 else { return }
        let fitted = Grid.displayWidth(text) > width ? TerminalText.truncated(text, toWidth: width) : text
        let used = put(fitted, row: row, column: column, style: style, maxWidth: width)
        if used < width {
            fill(Rect(row: row, column: column + used, width: width - used, height: 1), style: style)
        }
    }

    /// Overwriting half of a wide grapheme must not leave the other half behind.
    private mutating func clearWideNeighbours(row: Int, column: Int, span: Int, style: CellStyle) {
        if self[row, column].isContinuation, column > 0 {
            self[row, column - 1] = Cell(" ", style: self[row, column - 1].style)
        }
        let after = column + span - 1
        if after + 1 < width, self[row, after].width == 2 || self[row, after + 1].isContinuation {
            if self[row, after + 1].isContinuation {
                self[row, after + 1] = Cell(" ", style: self[row, after + 1].style)
            }
        }
    }

    /// Columns one grapheme takes on a terminal: 0, 1 or 2.
    public static func width(of character: Character) -> Int {
        if character.isASCII { return 1 }
        var total = 0
        for scalar in character.unicodeScalars {
            // Emoji presentation selector makes the whole grapheme wide.
            if scalar.value == 0xFE0F { return 2 }
            total += TerminalText.width(of: scalar)
        }
        return min(total, 2)
    }

    /// Columns `text` takes, grapheme by grapheme, after sanitising.
    public static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    private static func needsSanitising(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return value < 0x20 || (0x7F..<0xA0).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
        }
    }

    /// The grid as plain text, one line per row with trailing spaces removed (for snapshots).
    public var plainText: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for row in 0..<height {
            var line = ""
            for column in 0..<width {
                line += self[row, column].text
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
