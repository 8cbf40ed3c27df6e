import ArgumentParser
import Foundation
import KinoraCore
import KinoraExport
import KinoraMedia

/// `kinora export`: the film as a video, a timeline for editors, or storyboard documents.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the film, a timeline for editors or documents about it.",
        discussion: """
            The format follows the output's extension unless --format names it. Each shot plays its chosen \
            take, trimmed, with its transition; a shot without a finished take becomes a slate (--missing).

            Formats:
            """ + ExportFormat.allCases.map { "  \($0.rawValue)  \($0.summary)" }.joined(separator: "\n"))

    @OptionGroup var project: ProjectFolder

    @Option(name: .shortAndLong, help: "The file to write.")
    var output: String

    @Option(help: "\(ExportFormat.names) (default: from the extension).")
    var format: String?

    @Option(
        help: ArgumentHelp(
            "A shot without a usable take: "
                + MissingTakePolicy.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")
                + "."))
    var missing: String = "slate"

    @Option(
        help: "Fit takes of another shape: fit (letterbox) or fill (crop). Default: the project's, else fit.")
    var conform: String?

    @Option(
        help: "Music under the film instead of the project's (at -6 dB, ducked 12 dB under dialogue).")
    var music: String?

    @Option(
        parsing: .unconditional,
        help:
            "The film's loudness in LUFS, measured per EBU R128 (default -16, for the web; -23 for broadcast)."
    )
    var loudness: Double?

    @Flag(name: .customLong("burn-subtitles"), help: "Draw the dialogue on the film as subtitles.")
    var burnSubtitles = false

    @Option(name: .customLong("per-page"), help: "Panels a page of a PDF storyboard: 6 (default) or 3.")
    var perPage: Int?

    func validate() throws {
        if MissingTakePolicy(rawValue: missing) == nil {
            throw ValidationError("--missing is one of \(MissingTakePolicy.names).")
        }
        if let conform, ConformMode(rawValue: conform) == nil {
            throw ValidationError(ConformMode.rule + ".")
        }
        if let loudness, !(loudness.isFinite && (-60 ... -5).contains(loudness)) {
            throw ValidationError(
                "--loudness is between -60 and -5 LUFS (found \(loudness)); -16 suits the web.")
        }
        if let perPage, PanelsPerPage(rawValue: perPage) == nil {
            throw ValidationError("\(PanelsPerPage.rule) (found \(perPage)).")
        }
    }

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        let kind = try exportFormat(outputURL)
        if music != nil && ![.mp4, .mov, .otio, .edl, .xml, .mlt].contains(kind) {
            throw OptionMismatchError(
                userMessage:
                    "--music goes with a film with sound (mp4, mov) or a timeline (otio, edl, xml, mlt).")
        }
        if loudness != nil && ![.mp4, .mov].contains(kind) {
            throw OptionMismatchError(userMessage: "--loudness goes with a film with sound (mp4, mov).")
        }
        if burnSubtitles && !kind.isVideo {
            throw OptionMismatchError(userMessage: "--burn-subtitles goes with a film (mp4, mov, gif, webp).")
        }
        if perPage != nil && kind != .pdf {
            throw OptionMismatchError(
                userMessage: "--per-page goes with a PDF storyboard (-o FILE.pdf or --format pdf).")
        }
        let store = try project.openForReading()
        let job = try ExportJob(
            project: store.project, folder: store.folder, output: outputURL, format: kind,
            missing: MissingTakePolicy(rawValue: missing) ?? .slate,
            conform: conform.flatMap(ConformMode.init(rawValue:)),
            music: music.map { URL(fileURLWithPath: $0) },
            loudness: loudness ?? FilmExporter.defaultLoudness, burnsSubtitles: burnSubtitles,
            panelsPerPage: perPage.flatMap(PanelsPerPage.init(rawValue:)) ?? .six)
        let plan = job.plan
        for warning in plan.warningSummary { Output.error(warning) }
        let written = try run(job)
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

    /// Runs the export with a progress bar on a terminal (films and PDFs); Ctrl-C stops it and leaves no file.
    private func run(_ job: ExportJob) throws -> [URL] {
        let interrupt = InterruptHandler { _ in job.cancel() }
        defer { interrupt.stop() }
        let showBar = isatty(STDERR_FILENO) == 1 && (job.format.isVideo || job.format == .pdf)
        var lastShown = -1
        let name = TerminalText.truncated(TerminalText.sanitized(job.output.lastPathComponent), toWidth: 30)
        let written = try job.run { fraction in
            let percent = Int(fraction * 100)
            guard showBar, percent != lastShown else { return }
            lastShown = percent
            FileHandle.standardError.write(
                Data("\r\(name)  [\(ProgressDisplay.bar(fraction))]  \(percent)%\u{1B}[K".utf8))
        }
        if showBar { FileHandle.standardError.write(Data("\n".utf8)) }
        return written
    }
}
