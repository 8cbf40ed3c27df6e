import TermGrid

/// Where each pane goes on a screen of a given size. Pure, so the update (for mouse clicks and picture
/// sizes) and the views agree.
public struct Layout: Sendable, Equatable {
    /// The title bar.
    public var title: Rect
    /// The storyboard's shot cards.
    public var shots: Rect
    /// The job panel, under the shots.
    public var jobs: Rect
    /// The picture pane.
    public var preview: Rect
    /// The shot's fields.
    public var inspector: Rect
    /// The timeline strip.
    public var timeline: Rect
    /// The status line.
    public var status: Rect
    /// Rows per shot card.
    public var cardHeight: Int
    /// Columns of a card's picture.
    public var cardPictureWidth: Int

    /// The layout for `size` (which is at least the minimum).
    public init(_ size: ScreenSize) {
        let screen = Rect(row: 0, column: 0, width: size.columns, height: size.rows)
        let (title, belowTitle) = screen.splitTop(1)
        let (aboveStatus, status) = belowTitle.splitBottom(1)
        let (main, timeline) = aboveStatus.splitBottom(3)
        let leftWidth = min(max(30, size.columns * 36 / 100), 64)
        let (left, rightWithRule) = main.splitLeft(leftWidth)
        let (_, right) = rightWithRule.splitLeft(1)
        let jobRows = size.rows >= 40 ? 8 : 5
        let (shots, jobs) = left.splitBottom(jobRows)
        let previewRows = max(8, right.height * 52 / 100)
        let (preview, inspector) = right.splitTop(previewRows)
        self.title = title
        self.shots = shots
        self.jobs = jobs
        self.preview = preview
        self.inspector = inspector
        self.timeline = timeline
        self.status = status
        self.cardHeight = size.rows >= 40 ? 4 : 3
        self.cardPictureWidth = cardHeight * 7 / 2
    }

    /// The rows under a pane's header line.
    static func body(of pane: Rect) -> Rect { pane.splitTop(1).rest }

    /// How many whole shot cards fit.
    public var visibleCards: Int { max(1, Layout.body(of: shots).height / cardHeight) }

    /// The cells the preview's picture may use (below the header, above the transport line).
    public var previewPicture: Rect {
        Layout.body(of: preview).splitBottom(1).rest
    }
}
