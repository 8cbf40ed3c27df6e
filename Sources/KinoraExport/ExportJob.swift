import Foundation
import KinoraCore

/// One export, whatever the format: the film, a timeline or a storyboard document, written whole or
/// not at all. `kinora export` and the studio's export dialog both run it.
public final class ExportJob: @unchecked Sendable {
    /// The plan: every shot's piece of the film.
    public let plan: FilmPlan
    /// The file asked for.
    public let output: URL
    /// What to write.
    public let format: ExportFormat
    private let music: URL?
    private let lock = NSLock()
    private var exporter: FilmExporter?
    private var cancelled = false

    /// Plans an export of `project` in `folder` (see ``FilmPlanner``); throws when a shot cannot be
    /// used and `missing` is `.stop`, or the output cannot be written.
    public init(
        project: Project, folder: URL, output: URL, format: ExportFormat, missing: MissingTakePolicy,
        conform: ConformMode? = nil, music: URL? = nil
    ) throws {
        self.plan = try FilmPlanner(project: project, folder: folder, missing: missing).plan(conform: conform)
        try FilmExporter.checkOutput(output)
        self.output = output
        self.format = format
        self.music = music
    }

    /// Writes the export, reporting progress from 0 to 1; returns the files written (several pages
    /// for a large contact sheet).
    @discardableResult
    public func run(progress: @escaping (Double) -> Void = { _ in }) throws -> [URL] {
        var written = [output]
        switch format {
        case .mp4, .mov, .gif, .webp:
            let exporter = FilmExporter(plan: plan, output: output, format: format, music: music)
            lock.lock()
            self.exporter = exporter
            let stop = cancelled
            lock.unlock()
            if stop { exporter.cancel() }
            try exporter.run(progress: progress)
        case .png:
            written = try ContactSheet.render(plan, to: output, progress: progress)
        case .csv:
            try AtomicFile.write(ShotList.csv(plan), to: output)
        case .md:
            try AtomicFile.write(ShotList.markdown(plan), to: output)
        case .otio, .edl, .xml, .mlt:
            guard let document = TimelineExport.document(for: plan, format: format) else {
                throw ExportError.unknownFormat(name: format.rawValue)
            }
            try AtomicFile.write(document, to: output)
        }
        progress(1)
        return written
    }

    /// Stops a film being rendered; no file is left. Documents are written too quickly to stop.
    public func cancel() {
        lock.lock()
        cancelled = true
        let exporter = self.exporter
        lock.unlock()
        exporter?.cancel()
    }
}
