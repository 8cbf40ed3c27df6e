import Foundation
import KinoraCore
import KinoraMedia

/// One export, whatever the format: the film, a timeline or a storyboard document, written whole or
/// not at all. `kinora export` and the studio's export dialog both run it.
public final class ExportJob: @unchecked Sendable {
    /// The plan: every shot's piece of the film.
    public let plan: FilmPlan
    /// The file asked for.
    public let output: URL
    /// What to write.
    public let format: ExportFormat
    /// The loudness target of the film's sound, in LUFS.
    private let loudness: Double
    /// Whether the film gets its dialogue burnt in.
    private let burnsSubtitles: Bool
    /// The storyboard, for the PDF's shot fields, sources and cast.
    private let project: Project
    /// Panels a page of a PDF storyboard.
    private let panelsPerPage: PanelsPerPage
    /// The project folder, whose `cache/work` holds the run's temporary files.
    private let folder: URL
    private let lock = NSLock()
    private var exporter: FilmExporter?
    private var cancelled = false

    /// Plans an export of `project` in `folder` (see ``FilmPlanner``); throws when a shot cannot be
    /// used and `missing` is `.stop`, or the output cannot be written. `music` replaces the project's
    /// music bed (at -6 dB, ducked 12 dB under dialogue); `loudness` (LUFS) and `burnsSubtitles` are for
    /// a film, `panelsPerPage` for a PDF.
    public init(
        project: Project, folder: URL, output: URL, format: ExportFormat, missing: MissingTakePolicy,
        conform: ConformMode? = nil, music: URL? = nil, loudness: Double = FilmExporter.defaultLoudness,
        burnsSubtitles: Bool = false, panelsPerPage: PanelsPerPage = .six
    ) throws {
        // Only the film, the timelines and the subtitles use the scratch lines; the rest need not speak.
        let speaks = format.isVideo || [.otio, .edl, .xml, .mlt, .srt, .vtt].contains(format)
        var plan = try FilmPlanner(project: project, folder: folder, missing: missing, speaksLines: speaks)
            .plan(conform: conform)
        if let music {
            // The film probes it again and says what is wrong with it; a timeline only needs its length.
            plan.music = FilmMusic(url: music, duration: (try? MediaProbe.probe(music))?.duration)
        }
        self.plan = plan
        try FilmExporter.checkOutput(output)
        self.output = output
        self.format = format
        self.loudness = loudness
        self.burnsSubtitles = burnsSubtitles
        self.folder = folder
        self.project = project
        self.panelsPerPage = panelsPerPage
    }

    /// Writes the export, reporting progress from 0 to 1; returns the files written (several pages
    /// for a large contact sheet).
    ///
    /// While it runs it holds a work folder in the project's `cache/work` listing what it writes, so
    /// that if it is killed the next writable open of the project clears what it left.
    @discardableResult
    public func run(progress: @escaping (Double) -> Void = { _ in }) throws -> [URL] {
        let work = try WorkFolder(in: folder, purpose: "export")
        defer { work.remove() }
        let outputs = format == .png ? ContactSheet.pages(of: plan, to: output) : [output]
        for file in outputs { work.record(output: file) }
        var written = [output]
        switch format {
        case .mp4, .mov, .gif, .webp:
            let exporter = FilmExporter(
                plan: plan, output: output, format: format, loudness: loudness,
                burnsSubtitles: burnsSubtitles,
                workFolder: work)
            lock.lock()
            self.exporter = exporter
            let stop = cancelled
            lock.unlock()
            if stop { exporter.cancel() }
            try exporter.run(progress: progress)
        case .png:
            written = try ContactSheet.render(plan, to: output, progress: progress)
        case .pdf:
            try StoryboardPDF.render(
                plan, project: project, folder: folder, to: output, panelsPerPage: panelsPerPage,
                isCancelled: { [self] in isCancelled }, progress: progress)
        case .csv:
            try writeDocument(ShotList.csv(plan))
        case .md:
            try writeDocument(ShotList.markdown(plan))
        case .srt:
            try writeDocument(SubtitleWriter.srt(plan))
        case .vtt:
            try writeDocument(SubtitleWriter.vtt(plan))
        case .otio, .edl, .xml, .mlt:
            guard let document = TimelineExport.document(for: plan, format: format) else {
                throw ExportError.unknownFormat(name: format.rawValue)
            }
            try writeDocument(document)
        }
        progress(1)
        return written
    }

    /// Writes a document whole or not at all; a failure says what it is about the file (a full disk:
    /// where, and how much it needs), not about the storyboard, which an export never touches.
    private func writeDocument(_ data: Data) throws {
        do {
            try AtomicFile.write(data, to: output)
        } catch StoryboardError.saveFailed(_, let reason) {
            if let shortage = DiskShortage.diagnose(writing: output, need: .about(Int64(data.count))) {
                throw ExportError.diskFull(path: output.path, shortage: shortage)
            }
            throw ExportError.badOutput(path: output.path, reason: reason)
        }
    }

    /// Whether ``cancel()`` was called.
    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Stops a film or a PDF storyboard being made; no file is left. Other documents are written too
    /// quickly to stop.
    public func cancel() {
        lock.lock()
        cancelled = true
        let exporter = self.exporter
        lock.unlock()
        exporter?.cancel()
    }
}
