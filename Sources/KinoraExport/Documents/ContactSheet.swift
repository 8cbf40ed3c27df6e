import Foundation
import KinoraCore
import KinoraMedia

/// The storyboard on paper: PNG pages of every shot's frame in a grid, each captioned with its id,
/// label, length, action, first line of dialogue and prompt, for a review or a wall.
///
/// A take shows the frame at the middle of the part of it the film uses; a slate shows a dark card.
/// Text is drawn by ffmpeg's drawtext in a font that covers Chinese, so any prompt prints.
public enum ContactSheet {
    /// The page behind everything.
    static let paper = RGB(red: 250, green: 249, blue: 246)
    /// Titles and the caption's first line.
    static let ink = RGB(red: 28, green: 28, blue: 30)
    /// Prompts and the subtitle: quieter than the titles.
    static let softInk = RGB(red: 92, green: 92, blue: 98)
    /// A slate's card.
    static let slateCard = RGB(red: 36, green: 38, blue: 44)
    /// The word on a slate's card.
    static let slateInk = RGB(red: 196, green: 198, blue: 204)
    /// The hairline around each thumbnail, so a white frame still shows its edge.
    static let hairline = RGB(red: 212, green: 212, blue: 210)

    /// Renders `plan`'s sheet as `output` and, when the shots fill more than a page, `name-2.png`,
    /// `name-3.png` ... beside it; returns the pages written, in order.
    ///
    /// Each page is written under a hidden name and checked, and all are renamed into place once every
    /// page is done: a failure leaves no page of this run. `progress` is called with 0…1 as thumbnails
    /// are made and pages written.
    ///
    /// - Throws: ``ExportError/badOutput(path:reason:)`` for a folder that is missing or not
    ///   writable, ``ExportError/unusableTake(shot:path:reason:)`` for a take whose frame cannot be
    ///   read, ``ExportError/diskFull(path:shortage:)`` when a page does not fit,
    ///   ``ExportError/renderFailed(path:reason:)`` when ffmpeg fails to draw or write.
    public static func render(_ plan: FilmPlan, to output: URL, progress: (Double) -> Void = { _ in }) throws
        -> [URL]
    {
        try checkFolder(of: output)
        let layout = Self.layout(of: plan)
        let steps = Double(plan.segments.count + layout.pageCount)
        var stepsDone = 0
        func stepDone() {
            stepsDone += 1
            progress(min(1, Double(stepsDone) / steps))
        }
        var probes: [URL: MediaInfo] = [:]
        // Every page is written under a hidden name first and all are renamed at the end, so a
        // failure (a full disk on page 3) leaves no page of this run, not the first two.
        var staged: [(partial: URL, page: URL)] = []
        defer {
            for file in staged { try? FileManager.default.removeItem(at: file.partial) }
        }
        for page in 0..<layout.pageCount {
            let first = page * ContactSheetLayout.shotsPerPage
            let shots = plan.segments[
                first..<min(first + ContactSheetLayout.shotsPerPage, plan.segments.count)]
            var canvas = RGBFrame(width: layout.pageSize.width, height: layout.pageSize.height, fill: paper)
            for (slot, segment) in shots.enumerated() {
                let origin = layout.thumbnailOrigin(slot: slot)
                canvas.outline(x: origin.x, y: origin.y, size: layout.thumbnail, with: hairline)
                if let url = segment.takeURL {
                    let frame = try thumbnail(
                        of: segment, in: url, plan: plan, layout: layout, probes: &probes)
                    canvas.place(frame, x: origin.x, y: origin.y)
                } else {
                    canvas.fill(x: origin.x, y: origin.y, size: layout.thumbnail, with: slateCard)
                }
                stepDone()
            }
            let url = ContactSheetLayout.pageURL(for: output, page: page)
            let partial = stagingURL(for: url)
            staged.append((partial, url))
            try failingAsRender(url) {
                try drawTitle(plan, page: page, layout: layout, on: &canvas)
                try drawCaptions(Array(shots), plan: plan, layout: layout, on: &canvas)
                try PictureFile.writePNG(canvas, staging: partial, for: url)
            }
            stepDone()
        }
        for file in staged {
            try failingAsRender(file.page) { try FinishedFile.moveIntoPlace(file.partial, as: file.page) }
        }
        return staged.map(\.page)
    }

    /// Every page `output` will have (`OUT.png`, `OUT-2.png` ...), for a run to record before it starts.
    public static func pages(of plan: FilmPlan, to output: URL) -> [URL] {
        let layout = Self.layout(of: plan)
        return (0..<layout.pageCount).map { ContactSheetLayout.pageURL(for: output, page: $0) }
    }

    /// The layout of `plan`'s sheet: room for action, dialogue and notes when any shot has them.
    static func layout(of plan: FilmPlan) -> ContactSheetLayout {
        let hasScript = plan.segments.contains {
            !TextLayout.drawable($0.details.action).isEmpty || !$0.details.firstDialogueLine.isEmpty
                || !TextLayout.drawable($0.details.notesLine).isEmpty
        }
        return ContactSheetLayout(filmSize: plan.size, shotCount: plan.segments.count, hasScript: hasScript)
    }

    /// The hidden name a page is written under until every page is done: `.NAME.partial` beside it.
    static func stagingURL(for page: URL) -> URL {
        page.deletingLastPathComponent().appendingPathComponent(".\(page.lastPathComponent).partial")
    }

    /// The frame at the middle of the shot's part of its take, at thumbnail size.
    private static func thumbnail(
        of segment: FilmSegment, in url: URL, plan: FilmPlan, layout: ContactSheetLayout,
        probes: inout [URL: MediaInfo]
    ) throws -> RGBFrame {
        try middleFrame(of: segment, in: url, plan: plan, size: layout.thumbnail, probes: &probes)
    }

    /// The title band: the film's title, then the page number, shot count and running time.
    private static func drawTitle(
        _ plan: FilmPlan, page: Int, layout: ContactSheetLayout, on canvas: inout RGBFrame
    ) throws {
        let size = PixelSize(width: layout.pageSize.width, height: ContactSheetLayout.titleBandHeight)
        let titleFont = ContactSheetLayout.titleFont
        let subtitleFont = ContactSheetLayout.subtitleFont
        let textWidth = size.width - 2 * ContactSheetLayout.margin
        let shots = plan.segments.count == 1 ? "1 shot" : "\(plan.segments.count) shots"
        let subtitle =
            "Page \(page + 1) of \(layout.pageCount) · \(shots) · \(String(format: "%.1f", plan.duration)) s"
            + " · \(plan.fps) fps · \(plan.size)"
        let blocks: [TextRasterizer.Block] = [
            .init(
                lines: [TextLayout.line(plan.documentTitle, width: textWidth, fontSize: titleFont.size)],
                fontSize: titleFont.size, top: titleFont.top),
            .init(lines: [subtitle], fontSize: subtitleFont.size, top: subtitleFont.top),
        ]
        guard let mask = try TextRasterizer.masks([blocks], size: size).first else { return }
        canvas.blend(mask: mask, size: size, x: 0, y: 0) { _, y in y < subtitleFont.top ? ink : softInk }
    }

    /// Each cell's caption (and a slate's word on its card), drawn for the whole page in one go.
    private static func drawCaptions(
        _ shots: [FilmSegment], plan: FilmPlan, layout: ContactSheetLayout, on canvas: inout RGBFrame
    ) throws {
        let cell = layout.cellSize
        let masks = try TextRasterizer.masks(
            shots.map { captionBlocks($0, plan: plan, layout: layout) }, size: cell)
        let thumbnailLeft = (cell.width - layout.thumbnail.width) / 2
        for (slot, (shot, mask)) in zip(shots, masks).enumerated() {
            let origin = layout.cellOrigin(slot: slot)
            let isSlate = shot.takeURL == nil
            canvas.blend(mask: mask, size: cell, x: origin.x, y: origin.y) { x, y in
                if y < layout.thumbnail.height {
                    let onCard = isSlate && x >= thumbnailLeft && x < thumbnailLeft + layout.thumbnail.width
                    return onCard ? slateInk : ink
                }
                return y < layout.promptTop ? ink : softInk
            }
        }
    }

    /// A cell's text: "s3 · Launch · 4.0 s", the action and the first line of dialogue (each one line,
    /// shortened with an ellipsis), the prompt wrapped under them, and "SLATE" on a slate's card.
    static func captionBlocks(_ shot: FilmSegment, plan: FilmPlan, layout: ContactSheetLayout)
        -> [TextRasterizer.Block]
    {
        let width = ContactSheetLayout.captionWidth
        let headerFont = ContactSheetLayout.headerFontSize
        let id = shot.shot.rawValue
        let duration = "\(plan.secondsText(of: shot)) s"
        let label = TextLayout.drawable(shot.label)
        var header = "\(id) · \(duration)"
        if !label.isEmpty {
            // The label gives way: the id and the length always show.
            let taken = Int((TextLayout.ems("\(id) ·  · \(duration)") * Double(headerFont)).rounded(.up))
            header =
                "\(id) · \(TextLayout.line(label, width: width - taken, fontSize: headerFont)) · \(duration)"
        }
        let prompt = TextLayout.wrap(
            shot.prompt, width: width, fontSize: ContactSheetLayout.promptFontSize,
            maxLines: ContactSheetLayout.promptLines)
        var blocks: [TextRasterizer.Block] = [
            .init(lines: [header], fontSize: headerFont, top: layout.headerTop),
            .init(lines: prompt, fontSize: ContactSheetLayout.promptFontSize, top: layout.promptTop),
        ]
        if layout.scriptLines > 0 {
            let scriptFont = ContactSheetLayout.scriptFontSize
            let dialogue = shot.details.firstDialogueLine
            let lines = [
                TextLayout.line(shot.details.action, width: width, fontSize: scriptFont),
                dialogue.isEmpty ? "" : TextLayout.line("“\(dialogue)”", width: width, fontSize: scriptFont),
                TextLayout.line(shot.details.notesLine, width: width, fontSize: scriptFont),
            ]
            blocks.append(.init(lines: lines, fontSize: scriptFont, top: layout.scriptTop))
        }
        if shot.takeURL == nil {
            blocks.append(
                .init(
                    lines: ["SLATE"], fontSize: ContactSheetLayout.slateFontSize,
                    top: layout.thumbnail.height / 8))
        }
        return blocks
    }

    /// Refuses an output whose folder is missing or read-only, or that is itself a folder, before
    /// any work is done.
    private static func checkFolder(of output: URL) throws {
        let folder = output.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw ExportError.badOutput(path: output.path, reason: "the folder \(folder.path) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw ExportError.badOutput(
                path: output.path, reason: "the folder \(folder.path) is not writable")
        }
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder), isFolder.boolValue {
            throw ExportError.badOutput(path: output.path, reason: "it is a folder")
        }
    }

    /// Runs `body`, turning ffmpeg's failures into ``ExportError/renderFailed(path:reason:)`` for `url`.
    private static func failingAsRender(_ url: URL, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch MediaError.diskFull(_, let shortage) {
            throw ExportError.diskFull(path: url.path, shortage: shortage)
        } catch let error as MediaError {
            throw ExportError.renderFailed(path: url.path, reason: error.userMessage)
        }
    }
}
