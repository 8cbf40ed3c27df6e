import ArgumentParser
import Foundation
import KinoraCore
import KinoraMedia
import KinoraPreview

/// `kinora preview`: one frame of a picture, video, or a shot's take, drawn in the terminal.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Draw one frame of a file or a shot in the terminal.",
        discussion:
            "Pictures are kitty or sixel where the terminal draws them, else coloured blocks or ASCII.")

    @Argument(help: "A picture or video file, or a project folder.")
    var path: String

    @Option(help: "In a project: the shot (id or position; default the first).")
    var shot: String?

    @Option(help: "In a project: the take (default the chosen one, else the shot's source).")
    var take: String?

    @Option(help: "The frame number to show (from 0).")
    var frame: Int?

    @Option(help: "The time to show, in seconds.")
    var at: Double?

    @Option(help: "auto, kitty, sixel, blocks or ascii (default: KINORA_GRAPHICS, else auto).")
    var graphics: String?

    @Option(help: "Width in terminal columns (default: the terminal's, at most 80).")
    var width: Int?

    @Option(help: "Height in terminal rows (default: what the picture's shape needs).")
    var height: Int?

    @Flag(help: "Play the video in place (q or Ctrl-C stops it).")
    var play = false

    @Flag(help: "With --play: start again at the end until stopped.")
    var loop = false

    @Option(
        name: .customLong("max-kbps"),
        help: ArgumentHelp(
            "With --play: most kilobits a second to send; frames are dropped to keep to it.",
            discussion:
                "The default is \(BandwidthBudget.sshDefaultKilobits) over SSH and no limit otherwise."))
    var maxKbps: Int?

    func validate() throws {
        if frame != nil && at != nil { throw ValidationError("Give --frame or --at, not both.") }
        if let graphics,
            graphics.lowercased() != "auto" && GraphicsMode(rawValue: graphics.lowercased()) == nil
        {
            throw ValidationError("--graphics is auto, kitty, sixel, blocks or ascii.")
        }
        if let width, !(1...1000).contains(width) {
            throw ValidationError("--width must be 1 to 1000 columns.")
        }
        if let height, !(1...1000).contains(height) {
            throw ValidationError("--height must be 1 to 1000 rows.")
        }
        if let frame, frame < 0 { throw ValidationError("--frame counts from 0.") }
        if let at, !(at >= 0) { throw ValidationError("--at must be 0 seconds or more.") }
        if let maxKbps, maxKbps < 1 { throw ValidationError("--max-kbps must be at least 1.") }
        if (loop || maxKbps != nil) && !play {
            throw ValidationError("--loop and --max-kbps go with --play.")
        }
        if play && isatty(STDOUT_FILENO) != 1 {
            throw ValidationError("--play draws in place in a terminal, and standard output is not one.")
        }
    }

    func run() throws {
        let (file, sourceStart) = try mediaFile()
        let info = try MediaProbe.probe(file)
        guard let video = info.video else { throw MediaError.noVideo(path: file.path) }
        // No echo for the whole run, so replies to the queries never print, and the cursor ends below
        // the picture whatever stops kinora.
        let session = isatty(STDOUT_FILENO) == 1 ? TerminalSession(readKeys: play) : nil
        defer { session?.end() }
        let insideTmux = ProcessInfo.processInfo.environment["TMUX"] != nil
        var terminal = TerminalDetection.capabilities(
            replies: session?.probe(insideTmux: insideTmux), graphics: graphics)
        if (graphics ?? "auto").lowercased() == "auto", let hint = terminal.hint { Output.error(hint) }
        let shape = PixelSize(width: Int(video.displayWidth), height: Int(video.displayHeight))
        let screen = session.map { _ in Output.columns }
        var (columns, rows) = area(source: shape, terminal, columnsAvailable: screen)
        if play, let session {
            // The picture, the line a sixel's last band may reach into, and the cursor's line must fit,
            // or the terminal scrolls the picture away.
            let fitting = max(1, (Output.rows(of: STDOUT_FILENO) ?? 24) - 2)
            if rows > fitting {
                (columns, rows) = area(source: shape, terminal, columnsAvailable: screen, rows: fitting)
            }
            let notes = try playInPlace(
                file, info: info, from: sourceStart + startSeconds(fps: video.fps), columns: columns,
                rows: rows,
                terminal: terminal, session: session)
            // Said once the terminal is back and the cursor below the picture.
            session.end()
            for note in notes { Output.error(note) }
            if session.stop == .interrupt { throw ExitCode(130) }
            return
        }
        let seconds = sourceStart + startSeconds(fps: video.fps)
        let picture: RGBFrame
        let pixels = Self.pixels(columns: columns, rows: rows, terminal)
        if info.isStillImage {
            picture = try FrameDecoder.decodeImage(url: file, size: pixels, fit: .fit, info: info)
        } else {
            picture = try FrameDecoder.grabFrame(url: file, at: seconds, size: pixels, fit: .fit, info: info)
        }
        var bytes = Self.render(picture, columns: columns, rows: rows, terminal: terminal)
        // tmux drops passthrough sequences over about 1 MB: draw blocks (from the same picture) rather
        // than nothing.
        if terminal.insideTmux && [.sixel, .kitty].contains(terminal.graphics) && bytes.count > 1_000_000 {
            Output.error(
                "The picture is too large for tmux to pass on; drawing blocks (a smaller --width helps).")
            terminal.graphics = .blocks
            bytes = Self.render(picture, columns: columns, rows: rows, terminal: terminal)
        }
        guard let session, [.sixel, .kitty].contains(terminal.graphics) else {
            FileHandle.standardOutput.write(Data(bytes) + Data("\n".utf8))
            return
        }
        // Pixels are not text: make room first, draw at the top of it, and leave the cursor below.
        session.write(Self.reserve(rows: rows))
        session.exitBytes = Self.below(rows: rows)
        session.write(bytes)
    }

    /// `picture` as terminal bytes in the terminal's picture mode.
    private static func render(_ picture: RGBFrame, columns: Int, rows: Int, terminal: TerminalCapabilities)
        -> [UInt8]
    {
        let bytes: [UInt8]
        switch terminal.graphics {
        case .sixel:
            bytes = PictureRenderer.sixel(picture, columns: columns, rows: rows, cell: terminal.cell)
        case .kitty:
            bytes = PictureRenderer.kitty(picture, columns: columns, rows: rows, id: KittyGraphics.freshID())
        case .blocks, .ascii:
            return PictureRenderer.text(
                picture, columns: columns, rows: rows, depth: terminal.depth,
                ascii: terminal.graphics == .ascii)
        }
        return terminal.insideTmux ? TmuxPassthrough.wrap(bytes) : bytes
    }

    /// The decoded size for a picture of `columns` × `rows` cells: real pixels for sixel and kitty; for
    /// text cells no more than chafa looks at (16 pixels a cell side), in the cells' real shape.
    private static func pixels(columns: Int, rows: Int, _ terminal: TerminalCapabilities) -> PixelSize {
        var cell = terminal.cell
        if terminal.graphics == .blocks || terminal.graphics == .ascii {
            let scale = min(1, 16 / Double(max(cell.width, cell.height)))
            cell = PixelSize(
                width: max(1, Int(Double(cell.width) * scale)),
                height: max(1, Int(Double(cell.height) * scale)))
        }
        return PixelSize(width: columns * cell.width, height: rows * cell.height)
    }

    /// Where to start, in seconds, from `--at` or `--frame`.
    private func startSeconds(fps: Double) -> Double {
        at ?? frame.map { Double($0) / (fps > 0 ? fps : 24) } ?? 0
    }

    /// Room for a picture of `rows` and the line below it (a sixel's last band may reach into it, and
    /// the terminal moves the cursor past it), then back to the top, remembered with ESC 7.
    private static func reserve(rows: Int) -> [UInt8] {
        Array((String(repeating: "\n", count: rows + 1) + "\r\u{1B}[\(rows + 1)A\u{1B}7").utf8)
    }

    /// From the remembered top to the line under the picture.
    private static func below(rows: Int) -> [UInt8] { Array("\u{1B}8\u{1B}[\(rows)B\r".utf8) }

    /// Plays `file` from `start` seconds in a `columns` × `rows` area below the cursor until it ends or a
    /// key stops it; returns what the person should be told (dropped frames, a resize).
    private func playInPlace(
        _ file: URL, info: MediaInfo, from start: Double, columns: Int, rows: Int,
        terminal: TerminalCapabilities,
        session: TerminalSession
    ) throws -> [String] {
        session.write(Self.reserve(rows: rows))
        session.exitBytes = Self.below(rows: rows)
        var presenter = Self.presenter(columns: columns, rows: rows, terminal: terminal)
        defer { session.write(presenter.finish()) }
        var playback = Playback(fps: info.video?.fps ?? 24)
        playback.budget = BandwidthBudget.forPlayback(asked: maxKbps, overSSH: terminal.overSSH)
        let pixels = Self.pixels(columns: columns, rows: rows, terminal)
        let key = Self.cacheKey(file)
        let sync = terminal.synchronizedOutput
        var total = Playback.Report()
        repeat {
            let reader = try FrameReader(url: file, size: pixels, start: start, fit: .fit, info: info)
            defer { reader.close() }
            let report = try playback.play(
                key: key, frames: reader.next, presenter: &presenter,
                write: { bytes in
                    session.write(sync ? Self.beginSync + bytes + Self.endSync : bytes)
                },
                wait: session.waitForKeys(until:))
            total.add(report)
        } while loop && !total.stopped && !info.isStillImage
        var notes: [String] = []
        let dropped = total.droppedForBandwidth + total.droppedLate
        if total.droppedForBandwidth > 0 {
            let budget = playback.budget.kilobitsPerSecond ?? 0
            notes.append(
                "\(dropped) of \(total.shown + dropped) frames were dropped (\(total.droppedForBandwidth) to keep to "
                    + "\(budget) kbit/s; --max-kbps sets the budget).")
        } else if total.droppedLate > total.shown / 10 {
            notes.append(
                "\(dropped) of \(total.shown + dropped) frames were dropped to keep time (the terminal was slow)."
            )
        }
        if session.stop == .resized {
            notes.append("The window changed size, so playback stopped; run it again to fit the new size.")
        }
        return notes
    }

    private static let beginSync = Array("\u{1B}[?2026h".utf8)
    private static let endSync = Array("\u{1B}[?2026l".utf8)

    /// The presenter for the terminal's picture mode, drawing relative to the saved cursor.
    private static func presenter(columns: Int, rows: Int, terminal: TerminalCapabilities)
        -> any PicturePresenter
    {
        let cache = PictureCache<[UInt8]>(capacity: 64 << 20)
        switch terminal.graphics {
        case .sixel:
            return SixelTilePresenter(
                columns: columns, rows: rows, cell: terminal.cell, origin: .savedCursor,
                throughTmux: terminal.insideTmux, cache: cache)
        case .kitty:
            return KittyPresenter(
                columns: columns, rows: rows, origin: .savedCursor, throughTmux: terminal.insideTmux,
                firstID: KittyGraphics.freshID())
        case .blocks, .ascii:
            return CellPresenter(
                columns: columns, rows: rows, depth: terminal.depth, ascii: terminal.graphics == .ascii,
                origin: .savedCursor,
                cache: PictureCache(capacity: 64 << 20) {
                    $0.count * MemoryLayout<PictureRenderer.Cell>.stride
                })
        }
    }

    /// Names the file's frames in the picture cache: its path, size and modification time.
    private static func cacheKey(_ file: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes?[.size] as? Int) ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(file.path)|\(size)|\(modified)"
    }

    /// The file to show and where its part starts: `path` itself, or in a project the shot's chosen (or
    /// named) take, else its source (from the shot's in point).
    private func mediaFile() throws -> (URL, Double) {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            if shot != nil || take != nil {
                throw ValidationError("--shot and --take choose within a project folder; \(path) is a file.")
            }
            return (url, 0)
        }
        let store = try ProjectStore(opening: url, readOnly: true)
        let project = store.project
        let index = try project.shotIndex(shot ?? "1", file: store.storyboardURL.path)
        let value = project.shots[index]
        if let take {
            let record = try value.take(matching: take)
            if let output = record.output { return (store.url(for: output), 0) }
            // While an engine works, its latest preview picture stands in for the take.
            let live = store.url(for: ProjectLayout.livePreview(shot: value.id, take: record.id))
            if FileManager.default.fileExists(atPath: live.path) { return (live, 0) }
            throw StoryboardError.badValue(
                field: "--take", value: take, rule: "that take has no video (and no preview) yet")
        }
        if let output = value.chosen?.output { return (store.url(for: output), 0) }
        if let source = value.source { return (store.url(for: source.asset), source.inPoint ?? 0) }
        throw StoryboardError.badValue(
            field: "--shot", value: value.id.rawValue,
            rule: "it has no take and no source yet; make one with `kinora gen \(path) \(value.id)`")
    }

    /// Columns and rows that keep the picture's shape with the terminal's real cell size, within
    /// `--width`/`--height`, the terminal's width (`columnsAvailable`) and `rows` when given.
    private func area(
        source: PixelSize, _ terminal: TerminalCapabilities, columnsAvailable: Int?, rows limit: Int? = nil
    ) -> (Int, Int) {
        var columns = width ?? min(columnsAvailable ?? Output.columns, 80)
        // Wider than the window, lines would wrap and the picture tear.
        if let columnsAvailable { columns = max(1, min(columns, columnsAvailable)) }
        let aspect = Double(source.height) / Double(max(source.width, 1))
        let cellShape = Double(terminal.cell.width) / Double(max(terminal.cell.height, 1))
        let natural = max(1, Int((Double(columns) * aspect * cellShape).rounded()))
        let most = [height, limit].compactMap { $0 }.min()
        guard let most, most < natural else { return (columns, natural) }
        // Too tall for the rows given: narrow the picture to keep its shape.
        return (max(1, Int((Double(most) / aspect / cellShape).rounded())), most)
    }
}
