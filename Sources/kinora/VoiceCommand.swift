import ArgumentParser
import Foundation
import KinoraCore
import KinoraSound

/// `kinora voice`: speaks every dialogue line now (into the project's voice cache, so the animatic and
/// exports have them at once), reports each shot's speech against its length, and with `--fit`
/// lengthens the shots the speech runs past.
struct VoiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice", abstract: "Speak the dialogue as scratch voices; show or fit shots to it.",
        discussion: """
            Each line is spoken by espeak-ng in its character's voice (kinora cast set DIR NAME voice=en-gb \
            pitch=60 rate=160), or the voice of the line's language (Chinese is spoken in Mandarin). Lines \
            are kept in cache/voices/ and spoken again only when the words or the voice change. --fit sets \
            the duration of each shot whose speech runs past its end to cover it, with half a second after.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "Shots to speak: ids (s3) or positions (3); all shots when none are named.")
    var shots: [String] = []

    @Flag(help: "Lengthen each shot whose speech runs past its end to cover it (speech end + 0.5 s).")
    var fit = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// One shot's speech, as `--json` prints it.
    struct Report: Encodable {
        /// A line as spoken.
        struct Line: Encodable {
            /// Who says it, as the script writes the name.
            var speaker: String?
            /// The words.
            var text: String
            /// When it starts and ends, in seconds from the shot's start.
            var start, end: Double
            /// The spoken file in the cache.
            var file: String?
        }

        /// The shot's id and label.
        var id: ShotID
        var label: String
        /// How long the shot plays, and when its speech ends.
        var length, speech: Double
        /// Whether the speech runs past the shot's end.
        var tooLong: Bool
        /// The shot's new duration when `--fit` lengthened it.
        var fittedTo: Double?
        /// Its lines.
        var lines: [Line]
    }

    func run() throws {
        if case .failure(let failure) = SpeechSynthesizer.availability() {
            throw VoiceError(reason: failure.reason)
        }
        let store = try fit ? project.openForWriting() : project.openForReading()
        defer { store.close() }
        let file = store.storyboardURL.path
        let chosen =
            shots.isEmpty
            ? Array(store.project.shots.indices)
            : try shots.map { try store.project.shotIndex($0, file: file) }
        var reports: [Report] = []
        var warnings: [String] = []
        var fitted: [ShotID: Double] = [:]
        var silent: [String] = []
        for index in chosen {
            let shot = store.project.shots[index]
            guard !DialogueLine.lines(in: shot.dialogue).isEmpty else {
                if !shots.isEmpty && !json { silent.append("\(shot.label) (\(shot.id))") }
                continue
            }
            let speech = ShotSpeech(shot, in: store.project, folder: store.folder, speak: true)
            for warning in speech.plan.warnings where !warnings.contains(warning) { warnings.append(warning) }
            if fit && speech.isTooLong && speech.isSpoken { fitted[shot.id] = speech.fittedLength }
            let files = speech.plan.sounds.filter { $0.role == .scratch }.map(\.url.path)
            reports.append(
                Report(
                    id: shot.id, label: shot.label, length: speech.length, speech: speech.end,
                    tooLong: speech.isTooLong, fittedTo: fitted[shot.id],
                    lines: speech.plan.cues.enumerated().map { position, cue in
                        Report.Line(
                            speaker: cue.speaker, text: cue.text, start: cue.start, end: cue.end,
                            file: speech.isSpoken && files.count == speech.plan.cues.count
                                ? files[position] : nil)
                    }))
        }
        if !fitted.isEmpty {
            try store.update { project in
                for (id, length) in fitted {
                    guard let index = project.shots.firstIndex(where: { $0.id == id }) else { continue }
                    try project.shots[index].set(.duration, to: String(length))
                }
            }
        }
        if json {
            try Output.json(reports)
        } else {
            print(reports: reports, store: store)
        }
        if !silent.isEmpty && !reports.isEmpty {
            Output.line("No dialogue in \(silent.joined(separator: ", ")).")
        }
        for warning in warnings { Output.error("warning: \(warning)") }
        if !warnings.isEmpty { throw ExitCode(1) }
    }

    /// The report for people: per shot, its lines, its speech against its length, and what was fitted.
    private func print(reports: [Report], store: ProjectStore) {
        guard !reports.isEmpty else {
            Output.line(
                "No dialogue to speak\(shots.isEmpty ? "" : " in those shots"). Write it with "
                    + "`kinora shot set \(project.dir) SHOT dialogue='MIMI: Ten minutes.'`.")
            return
        }
        var tooLong = 0
        for report in reports {
            let count = report.lines.count
            var text =
                "\(report.label) (\(report.id))  \(count) line\(count == 1 ? "" : "s")  speech "
                + "\(ShotSpeech.seconds(report.speech))  shot \(ShotSpeech.seconds(report.length))"
            if let length = report.fittedTo {
                text += "  lengthened to \(ShotSpeech.seconds(length))"
                let shot = store.project.shots.first { $0.id == report.id }
                if let take = shot?.chosen {
                    text +=
                        " (its chosen take \(take.id) is as long as before: make a new take with "
                        + "`kinora gen \(project.dir) \(report.id)` and choose it with "
                        + "`kinora pick \(project.dir) \(report.id) TAKE` to play it all)"
                }
            } else if report.tooLong {
                text += "  longer than the shot"
                tooLong += 1
            }
            Output.line(text)
        }
        if tooLong > 0 && !fit {
            Output.line(
                "\(tooLong) shot\(tooLong == 1 ? "'s" : "s'") speech runs past \(tooLong == 1 ? "its" : "their") end: "
                    + "`kinora voice \(project.dir) --fit` lengthens \(tooLong == 1 ? "it" : "them").")
        }
    }
}

/// Scratch voices asked for where espeak-ng cannot speak: says why and how to install it.
struct VoiceError: UserFacingError {
    /// What the speech engine said.
    let reason: String

    /// The reason, what was left alone and what still works.
    var userMessage: String {
        "Cannot speak the dialogue: \(reason). Nothing was changed; everything else in Kinora works without "
            + "scratch voices (the animatic and exports keep the dialogue as subtitles, silent)."
    }

    /// Installing a package is the person's to do.
    var isUserError: Bool { true }
}
