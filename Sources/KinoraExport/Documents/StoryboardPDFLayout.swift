import Foundation
import KinoraCore
import KinoraMedia

/// Where everything goes on a PDF storyboard's landscape A4 page, in points: a running head (the
/// film's title) and foot (the page number), and panels between them.
///
/// Six a page are three across and two down, their text under the picture; three a page are one
/// above the other, their text beside a larger picture, for longer notes.
struct StoryboardPDFLayout: Equatable {
    /// A4 landscape, in points.
    static let pageWidth = 841.89
    /// A4 landscape, in points.
    static let pageHeight = 595.28
    /// Space at the page's left and right edges.
    static let sideMargin = 30.0
    /// Where the panels start, below the running head.
    static let contentTop = 46.0
    /// Where the panels end, above the foot.
    static let contentBottom = pageHeight - 38
    /// The running head's baseline area: its top.
    static let headTop = 18.0
    /// The foot's top.
    static let footTop = pageHeight - 26

    /// Panels a page.
    let panelsPerPage: PanelsPerPage
    /// The film's width over its height, which gives the pictures their shape.
    let aspect: Double

    /// The layout for `panelsPerPage` panels of a film of `filmSize`.
    init(panelsPerPage: PanelsPerPage, filmSize: FrameSize) {
        self.panelsPerPage = panelsPerPage
        aspect = Double(max(1, filmSize.width)) / Double(max(1, filmSize.height))
    }

    /// Panels across a page.
    var columns: Int { panelsPerPage == .six ? 3 : 1 }
    /// Panels down a page.
    var rows: Int { panelsPerPage == .six ? 2 : 3 }
    /// Space between panels side by side.
    static let columnGap = 18.0
    /// Space between rows of panels.
    static let rowGap = 16.0
    /// Space between a picture and its text.
    static let pictureGap = 6.0

    /// The pages `shotCount` shots need after the title page.
    func panelPages(shotCount: Int) -> Int {
        max(1, (shotCount + panelsPerPage.rawValue - 1) / panelsPerPage.rawValue)
    }

    /// The panel in `slot` (0 is the page's first, left to right, then down): its whole box.
    func panel(slot: Int) -> PDFCanvas.Box {
        let width =
            (Self.pageWidth - 2 * Self.sideMargin - Double(columns - 1) * Self.columnGap) / Double(columns)
        let height = (Self.contentBottom - Self.contentTop - Double(rows - 1) * Self.rowGap) / Double(rows)
        let column = slot % columns
        let row = slot / columns
        return PDFCanvas.Box(
            x: Self.sideMargin + Double(column) * (width + Self.columnGap),
            y: Self.contentTop + Double(row) * (height + Self.rowGap), width: width, height: height)
    }

    /// The area a panel's picture is fitted into: across the top of a six-up panel (at most 60% of
    /// its height), at the left of a three-up one (at most 45% of its width).
    func pictureArea(of panel: PDFCanvas.Box) -> PDFCanvas.Box {
        switch panelsPerPage {
        case .six:
            let height = min(panel.width / aspect, panel.height * 0.6)
            return PDFCanvas.Box(x: panel.x, y: panel.y, width: panel.width, height: height)
        case .three:
            let width = min(panel.height * aspect, panel.width * 0.45)
            return PDFCanvas.Box(x: panel.x, y: panel.y, width: width, height: panel.height)
        }
    }

    /// The picture itself: the film's shape, as large as fits in the area, centred in it.
    func picture(in area: PDFCanvas.Box) -> PDFCanvas.Box {
        let width = min(area.width, area.height * aspect)
        let height = width / aspect
        return PDFCanvas.Box(
            x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width,
            height: height)
    }

    /// The panel's text: under the picture area (six a page) or beside it (three).
    func textArea(of panel: PDFCanvas.Box) -> PDFCanvas.Box {
        let area = pictureArea(of: panel)
        switch panelsPerPage {
        case .six:
            let top = area.bottom + Self.pictureGap
            return PDFCanvas.Box(x: panel.x, y: top, width: panel.width, height: panel.bottom - top)
        case .three:
            let left = area.right + 2 * Self.pictureGap
            return PDFCanvas.Box(x: left, y: panel.y, width: panel.right - left, height: panel.height)
        }
    }

    /// The panel's heading font (its number, label, id and length).
    var headingFont: PDFCanvas.Font { PDFCanvas.Font(size: panelsPerPage == .six ? 9 : 11, bold: true) }
    /// The font of everything else in a panel.
    var bodyFont: PDFCanvas.Font { PDFCanvas.Font(size: panelsPerPage == .six ? 7 : 8.5) }

    /// The pixel size a panel's picture is decoded at: about 200 dpi at its printed size, so it is
    /// sharp on paper without making the file heavy.
    func pixelSize(of picture: PDFCanvas.Box) -> PixelSize {
        let width = max(1, Int((picture.width * 200 / 72).rounded()))
        // The height follows the film's shape exactly, so a fitted frame has no sliver of border.
        return PixelSize(width: width, height: max(1, Int((Double(width) / aspect).rounded())))
    }

    /// Whether `picture` leaves part of `area` uncovered (a portrait film in a landscape area).
    func leavesRoom(_ picture: PDFCanvas.Box, in area: PDFCanvas.Box) -> Bool {
        area.width - picture.width > 0.5 || area.height - picture.height > 0.5
    }
}
