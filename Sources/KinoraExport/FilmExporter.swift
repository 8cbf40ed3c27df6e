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
    /// Where the run keeps its temporary files (the slates' texts); `nil`: a folder of its own in the
    /// system's temporary folder.
    private let workFolder: WorkFolder?
    // Guarded by `lock`: cancel() arrives from a signal handler's queue.
    private let lock = NSLock()
    private var render: FFmpegRender?
    private var cancelled = false

    /// An exporter of `plan` to `output` as `format` (a video format), with an optional `music` bed,
    /// keeping its temporary files in `workFolder` (the project's, so a killed run's are found later).
    public init(
        plan: FilmPlan, output: URL, format: ExportFormat, music: URL? = nil, workFolder: WorkFolder? = nil
    ) {
        self.plan = plan
        self.output = output
        self.format = format
        self.music = music
        self.workFolder = workFolder
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
        let work = try workFolder ?? WorkFolder(in: nil, purpose: "export")
        var spare: WorkFolder?
        defer {
            if workFolder == nil { work.remove() }
            spare?.remove()
        }
        var graph = FilmGraph(
            plan: plan, format: format, music: music, musicDuration: musicDuration, workFolder: work.url)
        let arguments: [String]
        do {
            arguments = try Self.arguments(of: graph)
        } catch ExportError.diskFull where work.isInProject {
            // The project's disk has no room for the slates' texts; the system's temporary folder may.
            let elsewhere = try WorkFolder(in: nil, purpose: "export")
            spare = elsewhere
            graph = FilmGraph(
                plan: plan, format: format, music: music, musicDuration: musicDuration,
                workFolder: elsewhere.url)
            arguments = try Self.arguments(of: graph)
        }
        let render = FFmpegRender(
            arguments: arguments, output: output, container: graph.container,
            totalFrames: graph.outputFrames, framesPerSecond: graph.outputFramesPerSecond,
            estimatedBytes: graph.estimatedBytes)
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
        } catch MediaError.diskFull(_, let shortage) {
            throw ExportError.diskFull(path: output.path, shortage: shortage)
        }
    }

    /// The graph's ffmpeg arguments; writing the slates' texts into its work folder can fail, and a full
    /// disk there is said as such.
    private static func arguments(of graph: FilmGraph) throws -> [String] {
        do {
            return try graph.arguments()
        } catch let error as CocoaError {
            let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
            let code =
                error.code == .fileWriteOutOfSpace
                ? ENOSPC : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            let texts = graph.workFolder.appendingPathComponent("slate.txt")
            if let shortage = DiskShortage.diagnose(writing: texts, need: .about(4096), errorCode: code) {
                throw ExportError.diskFull(path: graph.workFolder.path, shortage: shortage)
            }
            throw ExportError.badOutput(path: graph.workFolder.path, reason: error.localizedDescription)
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
