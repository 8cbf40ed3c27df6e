import TermGrid

/// A small model of an xterm's screen: enough of what ncurses sends for xterm-256color and xterm
/// (cursor moves, erasing, repeating, insert mode, SGR colours, wide characters, auto-wrap) to
/// check what a terminal would show after a run of frames. Anything it does not know fails.
struct TerminalModel {
    /// One cell as the terminal shows it.
    struct Cell: Equatable {
        var text = " "
        var foreground = -1
        var background = -1
        var bold = false
    }

    private(set) var cells: [[Cell]]
    private(set) var row = 0
    private(set) var column = 0
    private(set) var alternateScreen = false
    private(set) var cursorVisible = true
    private(set) var mouseReporting = false
    private var pen = Cell()
    private var pendingWrap = false
    private var insertMode = false
    private var lastPrinted: Character = " "
    private var pending: [UInt8] = []
    let rows: Int
    let columns: Int

    enum Failure: Error, CustomStringConvertible {
        case unknown(String)
        var description: String {
            switch self {
            case .unknown(let sequence): "unknown sequence \(sequence.debugDescription)"
            }
        }
    }

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        cells = Array(repeating: Array(repeating: Cell(), count: columns), count: rows)
    }

    /// The text of a row, trailing spaces removed (wide characters once).
    func line(_ index: Int) -> String {
        var text = cells[index].map(\.text).joined()
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Applies output; a sequence cut at the end waits for the next call.
    mutating func apply(_ bytes: [UInt8]) throws {
        pending += bytes
        // A character cut in two waits for its other half.
        var complete = pending.count
        if let lead = pending.lastIndex(where: { $0 & 0xC0 != 0x80 }), pending[lead] >= 0xC0 {
            let length = pending[lead] >= 0xF0 ? 4 : pending[lead] >= 0xE0 ? 3 : 2
            if pending.count - lead < length { complete = lead }
        }
        let rest = Array(pending[complete...])
        var index = 0
        let scalars = Array(String(decoding: pending[..<complete], as: UTF8.self).unicodeScalars)
        // Work on scalars; keep an incomplete escape sequence for later.
        var consumed = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}" {
                guard let end = try escape(scalars, at: index) else { break }
                index = end
            } else {
                control(or: scalar)
                index += 1
            }
            consumed = index
        }
        pending = Array(String(String.UnicodeScalarView(scalars[consumed...])).utf8) + rest
    }

    private mutating func control(or scalar: Unicode.Scalar) {
        switch scalar {
        case "\r":
            column = 0
            pendingWrap = false
        case "\n":
            lineFeed()
        case "\u{08}":
            column = max(0, column - 1)
            pendingWrap = false
        case "\t":
            column = min(columns - 1, (column / 8 + 1) * 8)
        case "\u{07}", "\u{0F}", "\u{0E}", "\u{18}":
            break
        default:
            print(Character(scalar))
        }
    }

    private mutating func lineFeed() {
        if row == rows - 1 {
            cells.removeFirst()
            cells.append(Array(repeating: Cell(), count: columns))
        } else {
            row += 1
        }
        pendingWrap = false
    }

    private mutating func print(_ character: Character) {
        let width = max(1, Grid.width(of: character))
        if pendingWrap {
            column = 0
            lineFeed()
        }
        if insertMode {
            cells[row].insert(contentsOf: Array(repeating: Cell(), count: width), at: column)
            cells[row].removeLast(width)
        }
        var cell = pen
        cell.text = String(character)
        cells[row][column] = cell
        if width == 2, column + 1 < columns {
            var half = pen
            half.text = ""
            cells[row][column + 1] = half
        }
        lastPrinted = character
        if column + width >= columns {
            column = columns - 1
            pendingWrap = true
        } else {
            column += width
        }
    }

    /// Handles the escape at `start`; the index after it, or nil when it is not complete yet.
    private mutating func escape(_ scalars: [Unicode.Scalar], at start: Int) throws -> Int? {
        guard start + 1 < scalars.count else { return nil }
        let kind = scalars[start + 1]
        switch kind {
        case "(", ")":
            return start + 2 < scalars.count ? start + 3 : nil
        case "=", ">", "7", "8", "\\":
            return start + 2
        case "M":
            if row > 0 { row -= 1 }
            return start + 2
        case "[":
            var end = start + 2
            while end < scalars.count, !("@"..."~").contains(scalars[end]) { end += 1 }
            guard end < scalars.count else { return nil }
            try controlSequence(
                String(String.UnicodeScalarView(scalars[(start + 2)..<end])), final: scalars[end])
            return end + 1
        default:
            throw Failure.unknown("ESC " + String(kind))
        }
    }

    private mutating func controlSequence(_ parameters: String, final: Unicode.Scalar) throws {
        let isPrivate = parameters.hasPrefix("?")
        let numbers = parameters.drop { $0 == "?" }.split(separator: ";", omittingEmptySubsequences: false)
            .map { Int($0) ?? 0 }
        let first = max(1, numbers.first ?? 1)
        let blank = Cell(text: " ", foreground: pen.foreground, background: pen.background)
        if final != "b" { pendingWrap = false }
        switch final {
        case "H":
            row = min(rows - 1, max(1, numbers.first ?? 1) - 1)
            column = min(columns - 1, max(1, numbers.count > 1 ? numbers[1] : 1) - 1)
        case "A": row = max(0, row - first)
        case "B": row = min(rows - 1, row + first)
        case "C": column = min(columns - 1, column + first)
        case "D": column = max(0, column - first)
        case "G": column = min(columns - 1, first - 1)
        case "d": row = min(rows - 1, first - 1)
        case "K":
            for index in column..<columns { cells[row][index] = blank }
        case "J":
            if (numbers.first ?? 0) == 2 {
                cells = Array(repeating: Array(repeating: blank, count: columns), count: rows)
            } else {
                for index in column..<columns { cells[row][index] = blank }
                for below in (row + 1)..<rows { cells[below] = Array(repeating: blank, count: columns) }
            }
        case "X":
            for index in column..<min(columns, column + first) { cells[row][index] = blank }
        case "b":
            for _ in 0..<first { print(lastPrinted) }
        case "@":
            cells[row].insert(contentsOf: Array(repeating: blank, count: first), at: column)
            cells[row].removeLast(first)
        case "P":
            let count = min(first, columns - column)
            cells[row].removeSubrange(column..<(column + count))
            cells[row].append(contentsOf: Array(repeating: blank, count: count))
        case "m":
            try graphicRendition(numbers.isEmpty ? [0] : numbers)
        case "h", "l":
            let on = final == "h"
            if isPrivate {
                for mode in numbers {
                    switch mode {
                    case 1049: alternateScreen = on
                    case 25: cursorVisible = on
                    case 1000: mouseReporting = on
                    default: break
                    }
                }
            } else if numbers == [4] {
                insertMode = on
            }
        case "r", "t":
            if final == "r" { (row, column) = (0, 0) }
        default:
            throw Failure.unknown("CSI " + parameters + String(final))
        }
    }

    private mutating func graphicRendition(_ numbers: [Int]) throws {
        var index = 0
        while index < numbers.count {
            let number = numbers[index]
            switch number {
            case 0: pen = Cell()
            case 1: pen.bold = true
            case 22: pen.bold = false
            case 2, 3, 4, 5, 7, 23, 24, 25, 27: break
            case 30...37: pen.foreground = number - 30
            case 39: pen.foreground = -1
            case 40...47: pen.background = number - 40
            case 49: pen.background = -1
            case 90...97: pen.foreground = number - 90 + 8
            case 100...107: pen.background = number - 100 + 8
            case 38, 48:
                guard index + 2 < numbers.count, numbers[index + 1] == 5 else {
                    throw Failure.unknown("SGR \(numbers)")
                }
                if number == 38 {
                    pen.foreground = numbers[index + 2]
                } else {
                    pen.background = numbers[index + 2]
                }
                index += 2
            default: throw Failure.unknown("SGR \(numbers)")
            }
            index += 1
        }
    }
}
