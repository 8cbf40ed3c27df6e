import Foundation
import KinoraCore
import KinoraMedia

/// Renders a film plan to a video file in one ffmpeg pass, with progress and cancel; the output
/// appears only when it is complete.
public final class FilmExporter: @unchecked Sendable {
    /// The film.
    public let plan: FilmPlan
    /// The file to write.
    public let output: URL
    /// The format.
    public let format: ExportFormat
    /// The music bed, if any.
    public let music: URL?
    // Guarded by `lock`: cancel() arrives from a signal handler's queue.
    private let lock = NSLock()
    private var render: FFmpegRender?
    private var cancelled = false

    /// An exporter of `plan` to `output` as `format` (a video format), with an optional `music` bed.
    public init(plan: FilmPlan, output: URL, format: ExportFormat, music: URL? = nil) {
        self.plan = plan
        self.output = output
        self.format = format
        self.music = music
    }

    /// Checks that `output` can be written: its folder exists and is writable, and it is not a folder.
    public static func checkOutput(_ output: URL) throws {
        let folder = output.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw ExportError.badOutput(
                path: output.path, reason: "the folder \(folder.path) does not exist; create it first")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw ExportError.badOutput(
                path: output.path, reason: "the folder \(folder.path) cannot be written to")
        }
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder), isFolder.boolValue {
            throw ExportError.badOutput(path: output.path, reason: "it is a folder; give a file name")
        }
    }

    /// Renders the film, calling `progress` with 0…1.
    public func run(progress: (Double) -> Void = { _ in }) throws {
        try Self.checkOutput(output)
        var musicDuration: Double?
        if let music {
            do {
                let info = try MediaProbe.probe(music)
                guard info.hasAudio else {
                    throw ExportError.badMusic(path: music.path, reason: "it has no sound")
                }
                musicDuration = info.duration
            } catch let error as MediaError {
                throw ExportError.badMusic(path: music.path, reason: error.userMessage)
            }
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let graph = FilmGraph(
            plan: plan, format: format, music: music, musicDuration: musicDuration, workFolder: work)
        let render = FFmpegRender(
            arguments: try graph.arguments(), output: output, container: graph.container,
            totalFrames: graph.outputFrames)
        let stopNow = lock.withLock {
            self.render = render
            return cancelled
        }
        if stopNow { throw ExportError.cancelled(path: output.path) }
        do {
            try render.run(progress: progress)
        } catch MediaError.cancelled {
            throw ExportError.cancelled(path: output.path)
        } catch MediaError.encodeFailed(_, let reason) {
            throw ExportError.renderFailed(path: output.path, reason: reason)
        }
    }

    /// Stops the render; ``run(progress:)`` then throws ``ExportError/cancelled(path:)`` and writes nothing.
    public func cancel() {
        let render = lock.withLock {
            cancelled = true
            return self.render
        }
        render?.cancel()
    }
}
