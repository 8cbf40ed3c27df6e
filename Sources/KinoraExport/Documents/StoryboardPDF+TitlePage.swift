import Foundation
import KinoraCore
import KinoraMedia

extension StoryboardPDF {
    /// The first page: the film's title, its shot count and running time, the cast, and the day.
    static func drawTitlePage(_ sheet: Sheet, on canvas: PDFCanvas) {
        drawRunningHead(sheet, page: 0, shots: nil, on: canvas)
        let plan = sheet.plan
        let width = StoryboardPDFLayout.pageWidth - 2 * 90
        var box = PDFCanvas.Box(x: 90, y: 150, width: width, height: StoryboardPDFLayout.contentBottom - 150)
        func put(_ markup: String, _ font: PDFCanvas.Font, _ colour: RGB, lines: Int, after gap: Double) {
            let used = canvas.text(
                markup, font: font, colour: colour, in: box, maxLines: lines, alignment: .centre)
            box.y += used + gap
            box.height -= used + gap
        }
        put("<b>\(markup(plan.documentTitle))</b>", PDFCanvas.Font(size: 30), ink, lines: 2, after: 4)
        put("Storyboard", PDFCanvas.Font(size: 14), softInk, lines: 1, after: 28)
        let shots = plan.segments.count == 1 ? "1 shot" : "\(plan.segments.count) shots"
        put(
            "\(shots) · running time \(runningTimeText(plan.duration)) · \(plan.fps) fps · "
                + "\(plan.size.width)×\(plan.size.height)",
            PDFCanvas.Font(size: 12), ink, lines: 1, after: 18)
        for line in castLines(sheet.project) {
            put(line, PDFCanvas.Font(size: 10), ink, lines: 2, after: 4)
        }
        box.y += 18
        box.height -= 18
        let panels = "\(sheet.layout.panelsPerPage.rawValue) panels a page"
        put(
            "Exported \(sheet.dateText) · \(panels) · \(sheet.pageCount) pages", PDFCanvas.Font(size: 9),
            softInk, lines: 1, after: 0)
    }

    /// "Characters (2): Mia, Tom", then locations and props; "No cast" when there is none.
    static func castLines(_ project: Project) -> [String] {
        let cast = project.cast
        guard !cast.isEmpty else { return ["<i>No cast</i>"] }
        let groups: [(CastKind, String)] = [
            (.character, "Characters"), (.location, "Locations"), (.prop, "Props"),
        ]
        return groups.compactMap { kind, title in
            let names = cast.filter { $0.kind == kind }.map(\.name)
            guard !names.isEmpty else { return nil }
            return "<b>\(title) (\(names.count))</b>  \(markup(names.joined(separator: ", ")))"
        }
    }

    /// A running time as a crew says it: "0:42", "12:05", "1:02:07" (hours, minutes, seconds).
    static func runningTimeText(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
