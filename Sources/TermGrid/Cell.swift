/// One terminal cell: a grapheme (one or two columns wide) and its style. The column after a wide
/// grapheme holds a continuation cell with empty text, so every row has exactly `width` cells.
public struct Cell: Hashable, Sendable {
    /// What the cell shows: one grapheme, or empty for the right half of a wide one.
    public var text: String
    /// How it looks.
    public var style: CellStyle
    /// Columns the grapheme takes (1 or 2; 0 for a continuation cell).
    public var width: UInt8

    /// A cell holding `text` of `width` columns.
    public init(_ text: String, style: CellStyle = .plain, width: UInt8 = 1) {
        self.text = text
        self.style = style
        self.width = width
    }

    /// An empty cell in `style`.
    public static func blank(_ style: CellStyle = .plain) -> Cell { Cell(" ", style: style) }

    /// Whether this is the right half of a wide grapheme.
    public var isContinuation: Bool { width == 0 }
}
