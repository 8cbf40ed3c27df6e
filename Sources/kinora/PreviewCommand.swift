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

    @Option(help: "auto, kitty, sixel, blocks or ascii (KINORA_GRAPHICS sets the default).")
    var graphics: String = "auto"

    @Option(help: "Width in terminal columns (default: the terminal's, at most 80).")
    var width: Int?

    @Option(help: "Height in terminal rows (default: what the picture's shape needs).")
    var height: Int?

    @Flag(help: "Play the video in place (q, Esc or Ctrl-C stops it).")
    var play = false

    @Flag(help: "With --play: start again at the end until stopped.")
    var loop = false

    @Option(
        name: .customLong("max-kbps"),
        help: ArgumentHelp(
            "With --play: most kilobits a second to send; frames are dropped to keep to it.",
            discussion: "Default: \(BandwidthBudget.sshDefaultKilobits) over SSH, no limit otherwise."))
    var maxKbps: Int?

    func validate() throws {
        if frame != nil && at != nil { throw ValidationError("Give --frame or --at, not both.") }
        if graphics != "auto" && GraphicsMode(rawValue: graphics) == nil {
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
        let file = try mediaFile()
        let info = try MediaProbe.probe(file)
        guard let video = info.video else { throw MediaError.noVideo(path: file.path) }
        // Raw mode for the whole run, so replies to the queries never echo, however late they come.
        let session = isatty(STDOUT_FILENO) == 1 ? TerminalSession() : nil
        defer { session?.end() }
        let terminal = TerminalDetection.capabilities(
            replies: session?.probe(), override: GraphicsMode(rawValue: graphics))
        if graphics == "auto", let hint = terminal.hint { Output.error(hint) }
        let shape = PixelSize(width: Int(video.displayWidth), height: Int(video.displayHeight))
        var (columns, rows) = area(source: shape, terminal)
        if play, let session {
            // The picture and the line below it must fit, or the terminal scrolls it away.
            let fitting = max(1, (Output.rows(of: STDOUT_FILENO) ?? 24) - 1)
            if rows > fitting { (columns, rows) = area(source: shape, terminal, rows: fitting) }
            try playInPlace(
                file, info: info, columns: columns, rows: rows, terminal: terminal, session: session)
            return
        }
        let pixels = PixelSize(width: columns * terminal.cell.width, height: rows * terminal.cell.height)
        let picture: RGBFrame
        if info.isStillImage {
            picture = try FrameDecoder.decodeImage(url: file, size: pixels, fit: .fit, info: info)
        } else {
            picture = try FrameDecoder.grabFrame(
                url: file, at: startSeconds(fps: video.fps), size: pixels, fit: .fit, info: info)
        }
        var bytes: [UInt8]
        switch terminal.graphics {
        case .sixel:
            bytes = PictureRenderer.sixel(picture, columns: columns, rows: rows, cell: terminal.cell)
        case .kitty:
            bytes = PictureRenderer.kitty(picture, columns: columns, rows: rows)
        case .blocks, .ascii:
            bytes = PictureRenderer.text(
                picture, columns: columns, rows: rows, depth: terminal.depth,
                ascii: terminal.graphics == .ascii)
        }
        if terminal.insideTmux && [.sixel, .kitty].contains(terminal.graphics) {
            bytes = TmuxPassthrough.wrap(bytes)
        }
        FileHandle.standardOutput.write(Data(bytes) + Data("\n".utf8))
    }

    /// Where to start, in seconds, from `--at` or `--frame`.
    private func startSeconds(fps: Double) -> Double {
        at ?? frame.map { Double($0) / max(fps, 1) } ?? 0
    }

    /// Plays `file` in a `columns` × `rows` area below the cursor until it ends or a key stops it.
    private func playInPlace(
        _ file: URL, info: MediaInfo, columns: Int, rows: Int, terminal: TerminalCapabilities,
        session: TerminalSession
    ) throws {
        // Room for the picture and one line under it (a sixel's last band may reach into it), then
        // back to the top, remembered with ESC 7 so every frame is drawn relative to it.
        session.write(Array((String(repeating: "\n", count: rows) + "\r\u{1B}[\(rows)A\u{1B}7").utf8))
        var presenter = Self.presenter(columns: columns, rows: rows, terminal: terminal)
        var playback = Playback(fps: info.video?.fps ?? 24)
        playback.budget = BandwidthBudget.forPlayback(asked: maxKbps, overSSH: terminal.overSSH)
        let pixels = PixelSize(width: columns * terminal.cell.width, height: rows * terminal.cell.height)
        let key = Self.cacheKey(file)
        let sync = terminal.synchronizedOutput
        var total = Playback.Report()
        repeat {
            let reader = try FrameReader(
                url: file, size: pixels, start: startSeconds(fps: info.video?.fps ?? 24), fit: .fit,
                info: info)
            defer { reader.close() }
            let report = try playback.play(
                key: key, frames: reader.next, presenter: &presenter,
                write: { bytes in
                    session.write(sync ? Self.beginSync + bytes + Self.endSync : bytes)
                },
                wait: session.waitForKeys(until:))
            total.add(report)
        } while loop && !total.stopped && !info.isStillImage
        session.write(presenter.finish() + Array("\u{1B}8\u{1B}[\(rows)B\r".utf8))
        if total.droppedForBandwidth > 0 {
            let budget = playback.budget.kilobitsPerSecond ?? 0
            Output.error(
                "\(total.droppedForBandwidth) of \(total.shown + total.droppedForBandwidth + total.droppedLate) "
                    + "frames were dropped to keep to \(budget) kbit/s; --max-kbps sets the budget.")
        }
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
                columns: columns, rows: rows, origin: .savedCursor, throughTmux: terminal.insideTmux)
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

    /// The file to show: `path` itself, or in a project the shot's chosen (or named) take, else its source.
    private func mediaFile() throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            return url
        }
        let store = try ProjectStore(opening: url, readOnly: true)
        let project = store.project
        let index = try project.shotIndex(shot ?? "1", file: store.storyboardURL.path)
        let value = project.shots[index]
        if let take {
            guard let output = try value.take(matching: take).output else {
                throw StoryboardError.badValue(
                    field: "--take", value: take, rule: "that take has no video yet")
            }
            return store.url(for: output)
        }
        if let output = value.chosen?.output { return store.url(for: output) }
        if let source = value.source { return store.url(for: source.asset) }
        throw StoryboardError.badValue(
            field: "--shot", value: value.id.rawValue,
            rule: "it has no take and no source yet; make one with `kinora gen \(path) \(value.id)`")
    }

    /// Columns and rows that keep the picture's shape with the terminal's real cell size, within
    /// `--width`/`--height` (and `rows` when given).
    private func area(source: PixelSize, _ terminal: TerminalCapabilities, rows limit: Int? = nil) -> (
        Int, Int
    ) {
        let columns = width ?? min(Output.columns, 80)
        let aspect = Double(source.height) / Double(max(source.width, 1))
        let cellShape = Double(terminal.cell.width) / Double(max(terminal.cell.height, 1))
        let natural = max(1, Int((Double(columns) * aspect * cellShape).rounded()))
        let most = [height, limit].compactMap { $0 }.min()
        guard let most, most < natural else { return (columns, natural) }
        // Too tall for the rows given: narrow the picture to keep its shape.
        return (max(1, Int((Double(most) / aspect / cellShape).rounded())), most)
    }
}
