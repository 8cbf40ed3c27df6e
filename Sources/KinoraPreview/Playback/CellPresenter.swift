import KinoraMedia

/// Plays a picture as coloured block (or ASCII) cells, rewriting only the cells that changed: the
/// text-cell grid diff, so a still background costs nothing after the first frame.
public struct CellPresenter: PicturePresenter {
    /// The picture's size in cells.
    public let columns: Int
    /// The picture's size in cells.
    public let rows: Int
    /// Colours the terminal shows.
    public let depth: PictureRenderer.ColorDepth
    /// Plain ASCII without colour, for dumb terminals.
    public let ascii: Bool
    /// Where the picture is.
    public let origin: PictureOrigin
    private let cache: PictureCache<[PictureRenderer.Cell]>?
    private var onScreen: [PictureRenderer.Cell]?

    /// A presenter for a `columns` × `rows` picture at `origin`; `cache` keeps each frame's cells.
    public init(
        columns: Int, rows: Int, depth: PictureRenderer.ColorDepth, ascii: Bool = false,
        origin: PictureOrigin, cache: PictureCache<[PictureRenderer.Cell]>? = nil
    ) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.depth = depth
        self.ascii = ascii
        self.origin = origin
        self.cache = cache
    }

    /// Unchanged cells between two changed ones that are cheaper to rewrite than to jump over.
    private static let gapWorthRewriting = 3

    /// The changed cells of `frame`, with cursor moves and colours.
    public mutating func present(_ frame: RGBFrame, key: String) -> [UInt8] {
        let render = { [columns, rows, depth, ascii] in
            PictureRenderer.cells(frame, columns: columns, rows: rows, depth: depth, ascii: ascii)
                .flatMap { $0 }
        }
        let cells =
            cache?.value(for: "\(key)|cells|\(columns)x\(rows)|\(depth)|\(ascii)", make: render) ?? render()
        var out: [UInt8] = []
        var pen = Pen(depth: depth, ascii: ascii)
        for row in 0..<rows {
            let line = row * columns
            var column = 0
            while column < columns {
                guard changed(cells, at: line + column) else {
                    column += 1
                    continue
                }
                // A run of changed cells, bridging short gaps of unchanged ones.
                var end = column + 1
                var gap = 0
                while end < columns, gap <= Self.gapWorthRewriting {
                    gap = changed(cells, at: line + end) ? 0 : gap + 1
                    end += 1
                }
                end -= gap
                out += origin.move(row: row, column: column)
                for index in (line + column)..<(line + end) { pen.draw(cells[index], into: &out) }
                column = end
            }
        }
        if !out.isEmpty { out += Array("\u{1B}[0m".utf8) }
        onScreen = cells
        return out
    }

    /// Nothing to free: the cells stay as the last frame.
    public mutating func finish() -> [UInt8] { [] }

    private func changed(_ cells: [PictureRenderer.Cell], at index: Int) -> Bool {
        guard let onScreen else { return true }
        return onScreen[index] != cells[index]
    }
}

/// The current colours while writing cells, so escapes are sent only when a colour changes.
private struct Pen {
    let depth: PictureRenderer.ColorDepth
    let ascii: Bool
    var foreground: UInt32?
    var background: UInt32?

    init(depth: PictureRenderer.ColorDepth, ascii: Bool) {
        self.depth = depth
        self.ascii = ascii
    }

    mutating func draw(_ cell: PictureRenderer.Cell, into out: inout [UInt8]) {
        if !ascii {
            if cell.foreground != foreground {
                out += Array(Self.color(cell.foreground, depth: depth, background: false).utf8)
                foreground = cell.foreground
            }
            if cell.background != background {
                out += Array(Self.color(cell.background, depth: depth, background: true).utf8)
                background = cell.background
            }
        }
        out += Array(String(cell.character).utf8)
    }

    /// The SGR escape for a colour as chafa reports it for `depth`.
    static func color(_ value: UInt32, depth: PictureRenderer.ColorDepth, background: Bool) -> String {
        switch depth {
        case .truecolor:
            let rgb = "\((value >> 16) & 0xFF);\((value >> 8) & 0xFF);\(value & 0xFF)"
            return "\u{1B}[\(background ? 48 : 38);2;\(rgb)m"
        case .indexed256:
            return "\u{1B}[\(background ? 48 : 38);5;\(value & 0xFF)m"
        case .indexed16:
            let index = Int(value & 0x0F)
            let base = (background ? 40 : 30) + (index >= 8 ? 60 : 0)
            return "\u{1B}[\(base + index % 8)m"
        }
    }
}
