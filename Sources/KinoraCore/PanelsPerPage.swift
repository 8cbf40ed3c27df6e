/// How many panels a page of the PDF storyboard holds: the CLI's `--per-page` and the studio's export
/// dialog both read this one list.
public enum PanelsPerPage: Int, Sendable, CaseIterable, Equatable {
    /// Three, one above the other, with room for long notes beside each picture.
    case three = 3
    /// Six, three across and two down (the default).
    case six = 6

    /// The rule for messages.
    public static let rule = "--per-page is 3 or 6"
}
