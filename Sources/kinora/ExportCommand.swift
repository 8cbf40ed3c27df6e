import ArgumentParser
import Foundation
import KinoraCore
import KinoraExport
import KinoraMedia

/// `kinora export`: the film as a video, a timeline for editors, or storyboard documents.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export the film (mp4, mov, gif, webp), a timeline (otio, edl, xml, mlt) or documents (png, csv, md).",
        discussion: """
            The format follows the output's extension unless --format names it. Each shot plays its chosen \
            take, trimmed, with its transition; a shot without a finished take becomes a slate (--missing).
            """)

    @OptionGroup var project: ProjectFolder

    @Option(name: .shortAndLong, help: "The file to write.")
    var output: String

    @Option(help: "mp4, mov, gif, webp, otio, edl, xml, mlt, png, csv or md (default: from the extension).")
    var format: String?

    @Option(help: "A shot without a usable take: slate (a card in its place), skip, or stop.")
    var missing: String = "slate"

    @Option(
        help: "Fit takes of another shape: fit (letterbox) or fill (crop). Default: the project's, else fit.")
    var conform: String?

    @Option(help: "A music bed for the film (trimmed to it, faded in and out).")
    var music: String?

    func validate() throws {
        if FilmPlanner.MissingTake(rawValue: missing) == nil {
            throw ValidationError("--missing is slate, skip or stop.")
        }
        if let conform, ConformMode(rawValue: conform) == nil {
            throw ValidationError(ConformMode.rule + ".")
        }
    }

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        let kind = try exportFormat(outputURL)
        if music != nil && ![.mp4, .mov].contains(kind) {
            throw ValidationError("--music goes with a video format (mp4, mov).")
        }
        let store = try project.openForReading()
        let planner = FilmPlanner(
            project: store.project, folder: store.folder,
            missing: FilmPlanner.MissingTake(rawValue: missing) ?? .slate)
        let plan = try planner.plan(conform: conform.flatMap(ConformMode.init(rawValue:)))
        for warning in plan.warnings { Output.error(warning) }
        try FilmExporter.checkOutput(outputURL)
        var written = [outputURL]
        switch kind {
        case .mp4, .mov, .gif, .webp:
            try render(plan, to: outputURL, format: kind)
        case .png:
            written = try ContactSheet.render(plan, to: outputURL)
        case .csv:
            try AtomicFile.write(ShotList.csv(plan), to: outputURL)
        case .md:
            try AtomicFile.write(ShotList.markdown(plan), to: outputURL)
        case .otio, .edl, .xml, .mlt:
            guard let document = TimelineExport.document(for: plan, format: kind) else {
                throw ExportError.unknownFormat(name: kind.rawValue)
            }
            try AtomicFile.write(document, to: outputURL)
        }
        let files = written.map { TerminalText.sanitized($0.path) }.joined(separator: ", ")
        Output.line("Wrote \(files) (\(plan.segments.count) shots, \(Output.seconds(plan.duration))).")
    }

    /// The format asked for, or the one the output's extension names.
    private func exportFormat(_ url: URL) throws -> ExportFormat {
        if let format {
            guard let chosen = ExportFormat(rawValue: format.lowercased()) else {
                throw ExportError.unknownFormat(name: format)
            }
            return chosen
        }
        guard let chosen = ExportFormat(fileExtension: url.pathExtension) else {
            throw ExportError.unknownFormat(
                name: url.pathExtension.isEmpty ? url.lastPathComponent : url.pathExtension)
        }
        return chosen
    }

    /// Renders the film with a progress bar on a terminal; Ctrl-C stops it and leaves no file.
    private func render(_ plan: FilmPlan, to url: URL, format: ExportFormat) throws {
        let exporter = FilmExporter(
            plan: plan, output: url, format: format, music: music.map { URL(fileURLWithPath: $0) })
        let interrupt = InterruptHandler { exporter.cancel() }
        defer { interrupt.stop() }
        let showBar = isatty(STDERR_FILENO) == 1
        var lastShown = -1
        try exporter.run { fraction in
            let percent = Int(fraction * 100)
            guard showBar, percent != lastShown else { return }
            lastShown = percent
            let name = TerminalText.truncated(TerminalText.sanitized(url.lastPathComponent), toWidth: 30)
            FileHandle.standardError.write(
                Data("\r\(name)  [\(ProgressDisplay.bar(fraction))]  \(percent)%\u{1B}[K".utf8))
        }
        if showBar { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
