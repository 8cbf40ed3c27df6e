/// One row of wrapped text on screen: a run of graphemes from one logical line of a `TextEditor`.
struct VisualLine: Hashable, Sendable {
    /// The logical line the row comes from.
    let line: Int
    /// The graphemes on the row, as indices into the logical line (empty for an empty line, and for
    /// the row that holds the cursor after a line that fills the width exactly).
    let range: Range<Int>
    /// The row's text as stored: control characters raw (`Grid.put` draws them in visible form).
    let text: String
    /// The display columns the row takes. A space at a wrap may hang past the edge, so this can be
    /// one more than the width; that space is not drawn.
    let columns: Int
}
