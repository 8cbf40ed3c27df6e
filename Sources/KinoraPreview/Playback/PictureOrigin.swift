/// Where a picture's top-left cell is, and how the cursor gets to a cell inside it.
public enum PictureOrigin: Sendable, Equatable {
    /// At a screen position (zero-based row and column), as in the full-screen studio.
    case screen(row: Int, column: Int)
    /// At the cursor position saved with `ESC 7` before the picture was first drawn, as in
    /// `kinora preview --play` (which draws in place, wherever the shell's cursor was).
    case savedCursor

    /// Bytes that put the cursor on cell (`row`, `column`) of the picture.
    func move(row: Int, column: Int) -> [UInt8] {
        switch self {
        case .screen(let top, let left):
            return Array("\u{1B}[\(top + row + 1);\(left + column + 1)H".utf8)
        case .savedCursor:
            // CUD and CUF treat 0 as 1, so zero moves are left out.
            var text = "\u{1B}8"
            if row > 0 { text += "\u{1B}[\(row)B" }
            if column > 0 { text += "\u{1B}[\(column)C" }
            return Array(text.utf8)
        }
    }
}
