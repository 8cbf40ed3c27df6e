import Foundation
import KinoraCore
import KinoraMedia

/// The storyboard a crew prints: a landscape A4 PDF with a title page, then 3 or 6 panels a page,
/// each the shot's frame with its label, shot-list fields, action, dialogue and notes.
///
/// Drawn with cairo and pango (``PDFCanvas``): the text is real and searchable in any script, the
/// pictures are embedded JPEGs (the contact sheet's frame of the chosen take, else the shot's source,
/// else a slate drawn in the PDF). Pages are drawn and released one at a time, so memory stays that
/// of one page however many shots there are.
public enum StoryboardPDF {
    /// The page behind everything.
    static let paper = RGB(red: 255, green: 255, blue: 255)
    /// Headings and body text.
    static let ink = RGB(red: 28, green: 28, blue: 30)
    /// Prompts, the running head and foot: quieter than the panel's own text.
    static let softInk = RGB(red: 96, green: 96, blue: 102)
    /// Behind a picture that does not fill its area (a portrait film's frames).
    static let pictureBackdrop = RGB(red: 240, green: 240, blue: 238)
    /// A slate's card, as on the contact sheet.
    static let slateCard = ContactSheet.slateCard
    /// The words on a slate's card.
    static let slateInk = ContactSheet.slateInk
    /// The hairline around pictures and under the running head.
    static let hairline = RGB(red: 190, green: 190, blue: 188)

    /// Everything a storyboard's pages are drawn from.
    struct Sheet {
        /// The film plan: the shots in order, with their takes.
        let plan: FilmPlan
        /// The storyboard, for each shot's fields, its source and the cast.
        let project: Project
        /// The project folder (sources live under it).
        let folder: URL
        /// Where everything goes.
        let layout: StoryboardPDFLayout
        /// The pages in all, title page included.
        let pageCount: Int
        /// The day of the export, for the title page and the foot.
        let dateText: String
        /// Each shot's position in the storyboard (1 is the first).
        let numbers: [ShotID: Int]
        /// Each shot by its id.
        let shots: [ShotID: Shot]
    }

    /// Writes `plan` as a PDF storyboard at `output`; `project` and `folder` give the shots' fields,
    /// sources and cast.
    ///
    /// The PDF is drawn under a hidden name beside `output` (`.NAME.partial`) and renamed into place
    /// when complete: a failure or a cancel leaves no file under `output`. `progress` is called with
    /// 0…1 as panels are drawn; `isCancelled` is asked between panels.
    ///
    /// - Throws: ``ExportError/badOutput(path:reason:)`` for a folder that cannot be written,
    ///   ``ExportError/unusableTake(shot:path:reason:)`` for a take whose frame cannot be read,
    ///   ``ExportError/diskFull(path:shortage:)``, ``ExportError/renderFailed(path:reason:)`` when
    ///   cairo fails, ``ExportError/cancelled(path:)``.
    public static func render(
        _ plan: FilmPlan, project: Project, folder: URL, to output: URL, panelsPerPage: PanelsPerPage = .six,
        date: Date = Date(), isCancelled: () -> Bool = { false }, progress: (Double) -> Void = { _ in }
    ) throws {
        try FilmExporter.checkOutput(output)
        let layout = StoryboardPDFLayout(panelsPerPage: panelsPerPage, filmSize: plan.size)
        let sheet = Sheet(
            plan: plan, project: project, folder: folder, layout: layout,
            pageCount: 1 + layout.panelPages(shotCount: plan.segments.count), dateText: dayText(date),
            numbers: Dictionary(
                project.shots.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first }),
            shots: Dictionary(project.shots.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        let partial = ContactSheet.stagingURL(for: output)
        try? FileManager.default.removeItem(at: partial)
        defer { try? FileManager.default.removeItem(at: partial) }
        try draw(sheet, to: partial, output: output, isCancelled: isCancelled, progress: progress)
        do {
            try FinishedFile.moveIntoPlace(partial, as: output)
        } catch MediaError.diskFull(_, let shortage) {
            throw ExportError.diskFull(path: output.path, shortage: shortage)
        } catch let error as MediaError {
            throw ExportError.renderFailed(path: output.path, reason: error.userMessage)
        }
    }

    /// Draws every page into `partial`, naming `output` in errors.
    private static func draw(
        _ sheet: Sheet, to partial: URL, output: URL, isCancelled: () -> Bool, progress: (Double) -> Void
    ) throws {
        let canvas: PDFCanvas
        do {
            canvas = try PDFCanvas(
                url: partial, width: StoryboardPDFLayout.pageWidth, height: StoryboardPDFLayout.pageHeight)
        } catch ExportError.badOutput(_, let reason) {
            throw ExportError.badOutput(path: output.path, reason: reason)
        }
        canvas.setMetadata(title: "\(sheet.plan.documentTitle) — storyboard")
        do {
            drawTitlePage(sheet, on: canvas)
            try canvas.endPage()
            var probes: [URL: MediaInfo] = [:]
            let segments = sheet.plan.segments
            let perPage = sheet.layout.panelsPerPage.rawValue
            for page in 1..<sheet.pageCount {
                let first = (page - 1) * perPage
                let range = first..<min(first + perPage, segments.count)
                drawRunningHead(sheet, page: page, shots: range, on: canvas)
                for (slot, index) in range.enumerated() {
                    if isCancelled() { throw ExportError.cancelled(path: output.path) }
                    try drawPanel(segments[index], slot: slot, sheet: sheet, on: canvas, probes: &probes)
                    progress(Double(index + 1) / Double(segments.count + 1))
                }
                try canvas.endPage()
            }
            try canvas.finish()
        } catch ExportError.renderFailed(_, let reason) {
            throw ExportError.renderFailed(path: output.path, reason: reason)
        } catch ExportError.diskFull(_, let shortage) {
            throw ExportError.diskFull(path: output.path, shortage: shortage)
        }
    }

    /// The head and foot every page has: the film's title, which shots the page holds, the day and
    /// "Page 2 of 9".
    static func drawRunningHead(_ sheet: Sheet, page: Int, shots: Range<Int>?, on canvas: PDFCanvas) {
        let margin = StoryboardPDFLayout.sideMargin
        let width = StoryboardPDFLayout.pageWidth - 2 * margin
        let font = PDFCanvas.Font(size: 8)
        let head = PDFCanvas.Box(x: margin, y: StoryboardPDFLayout.headTop, width: width * 0.6, height: 14)
        canvas.text(
            "<b>\(markup(sheet.plan.documentTitle))</b>", font: font, colour: ink, in: head, maxLines: 1)
        if let shots, !shots.isEmpty {
            let count = sheet.plan.segments.count
            let which =
                shots.count == 1
                ? "Shot \(shots.lowerBound + 1)" : "Shots \(shots.lowerBound + 1)–\(shots.upperBound)"
            let right = PDFCanvas.Box(x: margin + width * 0.6, y: head.y, width: width * 0.4, height: 14)
            canvas.text(
                "Storyboard · \(which) of \(count)", font: font, colour: softInk, in: right, maxLines: 1,
                alignment: .right)
        }
        let ruleY = StoryboardPDFLayout.headTop + 15
        canvas.line(from: (margin, ruleY), to: (margin + width, ruleY), colour: hairline, width: 0.5)
        let foot = PDFCanvas.Box(x: margin, y: StoryboardPDFLayout.footTop, width: width, height: 14)
        canvas.text(
            "Page \(page + 1) of \(sheet.pageCount)", font: font, colour: softInk, in: foot, maxLines: 1,
            alignment: .right)
        canvas.text(
            "\(markup(sheet.plan.documentTitle)) · \(sheet.dateText)", font: font, colour: softInk,
            in: PDFCanvas.Box(x: foot.x, y: foot.y, width: width * 0.6, height: foot.height), maxLines: 1)
    }

    /// The day as a crew writes it on paperwork, unambiguous in any country: 2026-03-14.
    static func dayText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// `text` made safe for Pango markup (GMarkup, which reads XML's entities and character references):
    /// control characters, which pango would draw as boxes, become spaces; line breaks are kept.
    static func markup(_ text: String) -> String {
        let printable = text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar == "\r" { return nil }
            let isControl = scalar.value < 0x20 && scalar != "\n"
            let isUnusable = (0x7F...0x9F).contains(scalar.value) || (0xFFFE...0xFFFF).contains(scalar.value)
            return isControl || isUnusable ? " " : scalar
        }
        return XMLText.escaped(String(String.UnicodeScalarView(printable)))
    }
}
