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
    }

    func run() throws {
        let file = try mediaFile()
        let info = try MediaProbe.probe(file)
        guard let video = info.video else { throw MediaError.noVideo(path: file.path) }
        let terminal = capabilities()
        let (columns, rows) = area(
            source: PixelSize(width: Int(video.displayWidth), height: Int(video.displayHeight)), terminal)
        let pixels = PixelSize(width: columns * terminal.cell.width, height: rows * terminal.cell.height)
        let picture: RGBFrame
        if info.isStillImage {
            picture = try FrameDecoder.decodeImage(url: file, size: pixels, fit: .fit, info: info)
        } else {
            let seconds = at ?? frame.map { Double($0) / max(video.fps, 1) } ?? 0
            picture = try FrameDecoder.grabFrame(url: file, at: seconds, size: pixels, fit: .fit, info: info)
        }
        var bytes: [UInt8]
        switch terminal.graphics {
        case .sixel:
            bytes = PictureRenderer.sixel(picture, columns: columns, rows: rows, cell: terminal.cell)
        case .kitty:
            bytes = PictureRenderer.kitty(picture, columns: columns, rows: rows, cell: terminal.cell)
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

    /// What the terminal can show: nothing is sent to it unless stdout is a terminal.
    private func capabilities() -> TerminalCapabilities {
        let environment = ProcessInfo.processInfo.environment
        let override = GraphicsMode(rawValue: graphics)
        let replies = isatty(STDOUT_FILENO) == 1 ? TerminalProbe.queryControllingTerminal() : nil
        let insideTmux = environment["TMUX"] != nil
        let passthrough =
            insideTmux
            && ["on", "all"].contains(
                ExternalProgram.firstLine(of: ["tmux", "show", "-gv", "allow-passthrough"]) ?? "")
        return TerminalCapabilities.decide(
            environment: environment, replies: replies, tmuxPassthrough: passthrough, override: override)
    }

    /// Columns and rows that keep the picture's shape with the terminal's real cell size.
    private func area(source: PixelSize, _ terminal: TerminalCapabilities) -> (Int, Int) {
        let columns = width ?? min(Output.columns, 80)
        let aspect = Double(source.height) / Double(max(source.width, 1))
        let cellShape = Double(terminal.cell.width) / Double(max(terminal.cell.height, 1))
        let natural = max(1, Int((Double(columns) * aspect * cellShape).rounded()))
        guard let height, height < natural else { return (columns, natural) }
        // Too tall for the rows given: narrow the picture to keep its shape.
        return (max(1, Int((Double(height) / aspect / cellShape).rounded())), height)
    }
}
