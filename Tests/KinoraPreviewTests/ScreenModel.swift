import KinoraMedia

@testable import KinoraPreview

/// A model of a terminal's text cells that understands the escapes CellPresenter writes (ESC 8, CUD,
/// CUF, SGR colours), so tests can check what the screen would show after a run of frames.
struct ScreenModel {
    var cells: [[PictureRenderer.Cell?]]
    private var row = 0
    private var column = 0
    private var foreground: UInt32 = 0
    private var background: UInt32 = 0

    init(columns: Int, rows: Int) {
        cells = Array(repeating: Array(repeating: nil, count: columns), count: rows)
    }

    /// Applies `bytes`; fails on anything it does not know, so stray output is caught.
    mutating func apply(_ bytes: [UInt8]) throws {
        let text = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var index = 0
        while index < text.count {
            let scalar = text[index]
            guard scalar == "\u{1B}" else {
                cells[row][column] = PictureRenderer.Cell(
                    character: Character(scalar), foreground: foreground, background: background)
                column += 1
                index += 1
                continue
            }
            if text[index + 1] == "8" {
                (row, column) = (0, 0)
                index += 2
                continue
            }
            guard text[index + 1] == "[" else {
                throw ModelError.unknown(String(String.UnicodeScalarView(text[index...])))
            }
            var end = index + 2
            while !("@"..."~").contains(text[end]) { end += 1 }
            let parameters = String(String.UnicodeScalarView(text[(index + 2)..<end]))
            let numbers = parameters.split(separator: ";").compactMap { UInt32($0) }
            switch text[end] {
            case "B": row += Int(numbers.first ?? 1)
            case "C": column += Int(numbers.first ?? 1)
            case "m" where numbers == [0]: (foreground, background) = (0, 0)
            case "m" where numbers.count == 5 && numbers[1] == 2:
                let value = numbers[2] << 16 | numbers[3] << 8 | numbers[4]
                if numbers[0] == 38 { foreground = value } else { background = value }
            default: throw ModelError.unknown(parameters + String(text[end]))
            }
            index = end + 1
        }
    }

    enum ModelError: Error { case unknown(String) }
}
