/// An encoded picture (sixel or kitty bytes, already made) to be written at a cell after the text.
public struct PictureWrite: Sendable, Hashable {
    /// The row of its top-left cell.
    public var row: Int
    /// The column of its top-left cell.
    public var column: Int
    /// The escape sequence that draws it, written as it is.
    public var bytes: [UInt8]

    /// A picture to write at (`row`, `column`).
    public init(row: Int, column: Int, bytes: [UInt8]) {
        self.row = row
        self.column = column
        self.bytes = bytes
    }
}
