import Foundation
import KinoraCore
import KinoraMedia

extension StoryboardPDF {
    /// One block of a panel's text: its markup, font, colour and the most lines it may take.
    struct TextBlock {
        /// Pango markup.
        var markup: String
        /// Its font.
        var font: PDFCanvas.Font
        /// Its colour.
        var colour: RGB
        /// The most lines it takes before its ellipsis, so the blocks after it still show.
        var maxLines: Int
    }

    /// Draws a shot's panel in `slot`: its picture (or slate) and its text.
    static func drawPanel(
        _ segment: FilmSegment, slot: Int, sheet: Sheet, on canvas: PDFCanvas, probes: inout [URL: MediaInfo]
    ) throws {
        let layout = sheet.layout
        let panel = layout.panel(slot: slot)
        let area = layout.pictureArea(of: panel)
        let picture = layout.picture(in: area)
        if layout.leavesRoom(picture, in: area) { canvas.fill(area, with: pictureBackdrop) }
        let shot = sheet.shots[segment.shot]
        if let url = segment.takeURL {
            let frame = try ContactSheet.middleFrame(
                of: segment, in: url, plan: sheet.plan, size: layout.pixelSize(of: picture), probes: &probes)
            try canvas.picture(frame, in: picture)
        } else if let shot,
            let frame = sourceFrame(of: shot, sheet: sheet, size: layout.pixelSize(of: picture))
        {
            try canvas.picture(frame, in: picture)
            drawTag("SOURCE", in: picture, on: canvas)
        } else {
            drawSlate(segment, in: picture, on: canvas)
        }
        canvas.outline(picture, with: hairline)
        var box = layout.textArea(of: panel)
        var blocks = textBlocks(segment, sheet: sheet)
        let bodyLines =
            (box.height - canvas.lineHeight(layout.headingFont)) / canvas.lineHeight(layout.bodyFont)
        shareLines(&blocks, lines: Int(bodyLines.rounded(.down)))
        for block in blocks {
            let lines = min(block.maxLines, Int((box.height / canvas.lineHeight(block.font)).rounded(.down)))
            guard lines > 0 else { break }
            let used = canvas.text(
                block.markup, font: block.font, colour: block.colour, in: box, maxLines: lines)
            let step = used + 1.5
            box.y += step
            box.height -= step
        }
    }

    /// Shortens the longest blocks after the heading, one line at a time, until together they fit in
    /// `lines`: a long action leaves room for the dialogue and notes instead of pushing them out.
    static func shareLines(_ blocks: inout [TextBlock], lines: Int) {
        guard blocks.count > 1 else { return }
        while blocks.dropFirst().reduce(0, { $0 + $1.maxLines }) > lines {
            guard
                let longest = blocks.indices.dropFirst().max(by: { blocks[$0].maxLines < blocks[$1].maxLines }
                ),
                blocks[longest].maxLines > 1
            else { return }
            blocks[longest].maxLines -= 1
        }
    }

    /// The shot's source picture (a video's first used frame) fitted to `size`, or nil when it has
    /// none or it cannot be read (the panel then shows a slate: a storyboard is not stopped by one).
    static func sourceFrame(of shot: Shot, sheet: Sheet, size: PixelSize) -> RGBFrame? {
        guard let source = shot.source else { return nil }
        let url = sheet.folder.appendingPathComponent(source.asset)
        let fit: FitMode = sheet.plan.conform == .fill ? .fill : .fit
        return try? FrameDecoder.grabFrame(url: url, at: source.inPoint ?? 0, size: size, fit: fit)
    }

    /// A slate drawn in the PDF: a dark card with "SLATE" and the shot's label.
    static func drawSlate(_ segment: FilmSegment, in picture: PDFCanvas.Box, on canvas: PDFCanvas) {
        canvas.fill(picture, with: slateCard)
        let size = max(6, min(16, picture.height / 7))
        let word = PDFCanvas.Font(size: size, bold: true)
        let top = picture.y + picture.height / 2 - canvas.lineHeight(word)
        canvas.text(
            "SLATE", font: word, colour: slateInk,
            in: PDFCanvas.Box(
                x: picture.x + 4, y: top, width: picture.width - 8, height: canvas.lineHeight(word)),
            maxLines: 1, alignment: .centre)
        let name = segment.label.isEmpty ? segment.shot.rawValue : segment.label
        let small = PDFCanvas.Font(size: size * 0.7)
        canvas.text(
            "\(markup(name)) · no take yet", font: small, colour: slateInk,
            in: PDFCanvas.Box(
                x: picture.x + 4, y: top + canvas.lineHeight(word), width: picture.width - 8,
                height: canvas.lineHeight(small)), maxLines: 1, alignment: .centre)
    }

    /// A small label on a picture's bottom-left corner (a source shown in place of a take).
    static func drawTag(_ tag: String, in picture: PDFCanvas.Box, on canvas: PDFCanvas) {
        let font = PDFCanvas.Font(size: 6, bold: true)
        let box = PDFCanvas.Box(
            x: picture.x + 3, y: picture.bottom - canvas.lineHeight(font) - 3, width: 34,
            height: canvas.lineHeight(font))
        canvas.fill(box, with: slateCard)
        canvas.text(tag, font: font, colour: slateInk, in: box, maxLines: 1, alignment: .centre)
    }

    /// A panel's text, in the order a crew reads it: number, label, id and length; scene and camera;
    /// location and people; the prompt; action; dialogue; notes; the chosen take's review. From the
    /// segment's ``ShotDetails``, as every export writes them (a review stays when a slate stands in).
    static func textBlocks(_ segment: FilmSegment, sheet: Sheet) -> [TextBlock] {
        let layout = sheet.layout
        let body = layout.bodyFont
        let roomy = layout.panelsPerPage == .three
        let number = sheet.numbers[segment.shot].map { "\($0)" } ?? "–"
        let label = segment.label.trimmingCharacters(in: .whitespacesAndNewlines)
        var heading = "<b>\(number)\(label.isEmpty ? "" : "  ·  " + markup(label))</b>"
        heading +=
            "  <span foreground=\"\(hex(softInk))\" weight=\"normal\">\(segment.shot.rawValue) · "
            + "\(sheet.plan.secondsText(of: segment)) s · \(segment.takeText)</span>"
        var blocks = [TextBlock(markup: heading, font: layout.headingFont, colour: ink, maxLines: 1)]
        func add(_ markup: String, colour: RGB = ink, lines: (six: Int, three: Int)) {
            guard !markup.isEmpty else { return }
            blocks.append(
                TextBlock(
                    markup: markup, font: body, colour: colour, maxLines: roomy ? lines.three : lines.six))
        }
        let details = segment.details
        add(cameraLine(details), lines: (1, 2))
        add(castLine(details), lines: (1, 1))
        let prompt = segment.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        if !prompt.isEmpty { add("<i>\(markup(prompt))</i>", colour: softInk, lines: (2, 3)) }
        add(labelled("Action", details.action), lines: (3, 5))
        add(labelled("Dialogue", details.dialogue), lines: (3, 5))
        add(labelled("Notes", details.notes), lines: (2, 4))
        add(reviewText(details, take: segment.take ?? sheet.shots[segment.shot]?.chosenTake), lines: (2, 4))
        return blocks
    }

    /// "INT. KITCHEN – NIGHT · MS · eye level · 35 mm · push in": the scene and how the camera sees it.
    static func cameraLine(_ details: ShotDetails) -> String {
        var parts: [String] = []
        if let scene = details.scene?.trimmingCharacters(in: .whitespacesAndNewlines), !scene.isEmpty {
            parts.append("<b>\(markup(scene))</b>")
        }
        if let size = details.shotSize { parts.append("\(size.rawValue) (\(size.name))") }
        if let angle = details.angle { parts.append(angle.name) }
        if let lens = details.lens { parts.append("\(lens) mm") }
        if details.movement != CameraMotion.static.shotListName { parts.append(markup(details.movement)) }
        return parts.joined(separator: " · ")
    }

    /// "Location: Kitchen · People: Mia, Tom", when the shot has either.
    static func castLine(_ details: ShotDetails) -> String {
        var parts: [String] = []
        if let location = details.location, !location.isEmpty {
            parts.append("Location: \(markup(location))")
        }
        if !details.people.isEmpty {
            parts.append("People: \(markup(details.people.joined(separator: ", ")))")
        }
        return parts.joined(separator: " · ")
    }

    /// "**Dialogue** text", or nothing when the text is empty.
    static func labelled(_ name: String, _ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "<b>\(name)</b>  \(markup(trimmed))"
    }

    /// The chosen take's verdict and review notes: "**Take t2 · circled**  1.5 s: too dark · whole take:
    /// keep".
    static func reviewText(_ details: ShotDetails, take: TakeID?) -> String {
        guard details.verdict != nil || !details.reviewNotes.isEmpty else { return "" }
        var heading = take.map { "Take \($0.rawValue)" } ?? "Review"
        if let verdict = details.verdict { heading += " · \(verdict.rawValue)" }
        let notes = details.reviewNotes.map { note in
            let at = note.timeText ?? "whole take"
            return "\(at): \(markup(note.text.trimmingCharacters(in: .whitespacesAndNewlines)))"
        }
        return (["<b>\(heading)</b>"] + notes).joined(separator: "  ·  ")
    }

    /// `colour` as Pango markup's "#rrggbb".
    static func hex(_ colour: RGB) -> String {
        String(format: "#%02x%02x%02x", colour.red, colour.green, colour.blue)
    }
}
