import Foundation
import KinoraCore
import KinoraMedia

/// Where everything goes on a contact sheet: a title band, then a grid of cells four across, each
/// a thumbnail in the film's shape with a caption below it.
///
/// Every page of one sheet has the same size (the first page's), so a printed or paged sheet
/// lines up; a storyboard shorter than a page gets a page only as tall as its rows.
struct ContactSheetLayout: Equatable {
    /// Cells across a page.
    static let columns = 4
    /// Most rows on a page: 5 rows of 4 is 20 shots a page.
    static let maximumRows = 5
    /// A cell's width, and the widest a thumbnail gets.
    static let cellWidth = 400
    /// The tallest a thumbnail gets (a portrait film's thumbnails are narrower instead).
    static let maximumThumbnailHeight = 300
    /// Space around the grid at the page's left, right and bottom edges.
    static let margin = 40
    /// Space between columns.
    static let columnGap = 20
    /// Space between rows, below each caption.
    static let rowGap = 28
    /// Space between the captions' text and the cell's sides.
    static let captionInset = 8

    /// The title line's font size and top.
    static let titleFont = (size: 30, top: 26)
    /// The line under the title (page number, shot count, running time).
    static let subtitleFont = (size: 17, top: 72)
    /// The height of the band holding the title and subtitle, above the grid.
    static let titleBandHeight = 108
    /// The caption's first line: shot id, label and duration.
    static let headerFontSize = 19
    /// The prompt under it.
    static let promptFontSize = 16
    /// Most lines of prompt a caption shows before the ellipsis.
    static let promptLines = 3
    /// The action's and the dialogue's lines, one each, between the header and the prompt.
    static let scriptFontSize = 16
    /// The word on a slate's card.
    static let slateFontSize = 16

    /// The thumbnail's size: the film's shape, 400 wide or 300 tall at most.
    let thumbnail: PixelSize
    /// Rows on every page.
    let rows: Int
    /// How many pages the shots fill (at least one).
    let pageCount: Int
    /// Lines each caption keeps for the action, the first line of dialogue and the notes with the
    /// review: 3 when any shot has one of them, else 0 (so a sheet of prompts alone stays as compact as
    /// before).
    let scriptLines: Int

    /// The layout for `shotCount` shots of a film of `filmSize`; `hasScript` when any shot has action,
    /// dialogue or notes to show.
    init(filmSize: FrameSize, shotCount: Int, hasScript: Bool = false) {
        scriptLines = hasScript ? 3 : 0
        let aspect = Double(filmSize.width) / Double(filmSize.height)
        let width = min(Double(Self.cellWidth), Double(Self.maximumThumbnailHeight) * aspect)
        thumbnail = PixelSize(
            width: max(1, Int(width.rounded())), height: max(1, Int((width / aspect).rounded())))
        rows = min(Self.maximumRows, max(1, (shotCount + Self.columns - 1) / Self.columns))
        pageCount = max(1, (shotCount + Self.shotsPerPage - 1) / Self.shotsPerPage)
    }

    /// Shots on a full page.
    static var shotsPerPage: Int { columns * maximumRows }

    /// Where the caption's first line starts, from the cell's top.
    var headerTop: Int { thumbnail.height + 10 }
    /// Where the action's line starts, from the cell's top (the dialogue's and the notes' are under it).
    var scriptTop: Int { headerTop + Self.lineHeight(Self.headerFontSize) + 4 }
    /// Where the prompt starts, from the cell's top.
    var promptTop: Int { scriptTop + scriptLines * Self.lineHeight(Self.scriptFontSize) }
    /// A cell: the thumbnail and the caption under it.
    var cellSize: PixelSize {
        PixelSize(
            width: Self.cellWidth,
            height: promptTop + Self.promptLines * Self.lineHeight(Self.promptFontSize) + 4)
    }

    /// Every page's size.
    var pageSize: PixelSize {
        let columns = Self.columns
        return PixelSize(
            width: 2 * Self.margin + columns * Self.cellWidth + (columns - 1) * Self.columnGap,
            height: Self.titleBandHeight + rows * cellSize.height + (rows - 1) * Self.rowGap + Self.margin)
    }

    /// The top-left corner of the cell in `slot` (0 is the page's first shot, left to right, then down).
    func cellOrigin(slot: Int) -> (x: Int, y: Int) {
        let column = slot % Self.columns
        let row = slot / Self.columns
        return (
            Self.margin + column * (Self.cellWidth + Self.columnGap),
            Self.titleBandHeight + row * (cellSize.height + Self.rowGap)
        )
    }

    /// The thumbnail's top-left corner in the cell in `slot` (centred across the cell).
    func thumbnailOrigin(slot: Int) -> (x: Int, y: Int) {
        let cell = cellOrigin(slot: slot)
        return (cell.x + (Self.cellWidth - thumbnail.width) / 2, cell.y)
    }

    /// The widest a caption's line may be.
    static var captionWidth: Int { cellWidth - 2 * captionInset }

    /// The distance from one line of text to the next at `fontSize` (as TextRasterizer spaces them).
    static func lineHeight(_ fontSize: Int) -> Int { fontSize * 13 / 10 }

    /// Page `index`'s file (counting from 0): the output itself, then `name-2.png`, `name-3.png` ...
    static func pageURL(for output: URL, page index: Int) -> URL {
        guard index > 0 else { return output }
        let suffix = output.pathExtension.isEmpty ? "" : ".\(output.pathExtension)"
        let stem = output.deletingPathExtension().lastPathComponent
        return output.deletingLastPathComponent().appendingPathComponent("\(stem)-\(index + 1)\(suffix)")
    }
}
