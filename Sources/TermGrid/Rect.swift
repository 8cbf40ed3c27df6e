/// A rectangle of cells on the screen, in rows and columns from the top left.
public struct Rect: Hashable, Sendable {
    /// The top row.
    public var row: Int
    /// The left column.
    public var column: Int
    /// Columns across.
    public var width: Int
    /// Rows down.
    public var height: Int

    /// A rectangle; negative sizes count as empty.
    public init(row: Int, column: Int, width: Int, height: Int) {
        self.row = row
        self.column = column
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The row just below the rectangle.
    public var bottom: Int { row + height }
    /// The column just right of the rectangle.
    public var right: Int { column + width }
    /// Whether it holds no cells.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Whether the cell at (`row`, `column`) lies inside.
    public func contains(row: Int, column: Int) -> Bool {
        row >= self.row && row < bottom && column >= self.column && column < right
    }

    /// The rectangle shrunk by `amount` cells on every side (a frame's inside).
    public func inset(by amount: Int) -> Rect {
        Rect(
            row: row + amount, column: column + amount, width: width - 2 * amount, height: height - 2 * amount
        )
    }

    /// The top `rows` rows and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(rows, 0), height)
        return (
            Rect(row: row, column: column, width: width, height: taken),
            Rect(row: row + taken, column: column, width: width, height: height - taken)
        )
    }

    /// The bottom `rows` rows and the rest.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(rows, 0), height)
        return (
            Rect(row: row, column: column, width: width, height: height - taken),
            Rect(row: bottom - taken, column: column, width: width, height: taken)
        )
    }

    /// The left `columns` columns and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let taken = min(max(columns, 0), width)
        return (
            Rect(row: row, column: column, width: taken, height: height),
            Rect(row: row, column: column + taken, width: width - taken, height: height)
        )
    }

    /// The right `columns` columns and the rest.
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let taken = min(max(columns, 0), width)
        return (
            Rect(row: row, column: column, width: width - taken, height: height),
            Rect(row: row, column: right - taken, width: taken, height: height)
        )
    }
}
