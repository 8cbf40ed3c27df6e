/// A run of neighbouring cells on one row that changed between two frames.
public struct CellRun: Hashable, Sendable {
    /// The row.
    public var row: Int
    /// The first column.
    public var column: Int
    /// The new cells, left to right (continuation cells included).
    public var cells: [Cell]

    /// A run of `cells` from (`row`, `column`).
    public init(row: Int, column: Int, cells: [Cell]) {
        self.row = row
        self.column = column
        self.cells = cells
    }
}

extension Grid {
    /// The cells that differ from `previous`, as runs per row; everything when `previous` is nil or a
    /// different size. A run never starts on the right half of a wide grapheme.
    public func changes(from previous: Grid?) -> [CellRun] {
        var runs: [CellRun] = []
        let whole = previous == nil || previous?.width != width || previous?.height != height
        for row in 0..<height {
            let start = row * width
            var column = 0
            while column < width {
                let index = start + column
                if !whole, let previous, previous.cells[index] == cells[index] {
                    column += 1
                    continue
                }
                var first = column
                if cells[index].isContinuation, first > 0 { first -= 1 }
                var end = column + 1
                // Join changes separated by a few equal cells: one cursor move costs more than them.
                while end < width {
                    if !whole, let previous {
                        var gap = 0
                        while end + gap < width,
                            previous.cells[start + end + gap] == cells[start + end + gap],
                            gap < 4
                        {
                            gap += 1
                        }
                        if end + gap >= width || gap >= 4 { break }
                        end += gap + 1
                    } else {
                        end += 1
                    }
                }
                if end < width, cells[start + end].isContinuation { end += 1 }
                runs.append(
                    CellRun(row: row, column: first, cells: Array(cells[(start + first)..<(start + end)])))
                column = end
            }
        }
        return runs
    }
}
