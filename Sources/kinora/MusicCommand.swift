import ArgumentParser
import Foundation
import KinoraCore
import KinoraSound

/// `kinora music`: the music bed under the whole film — set, change its levels, remove, or show it.
struct MusicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "music", abstract: "Set, show or remove the music under the whole film.",
        discussion: """
            kinora music DIR FILE sets the bed (any sound ffmpeg reads, or a video's sound); kinora music \
            DIR none removes it; kinora music DIR shows it; --gain and --ducking alone change its levels. \
            The music drops by --ducking dB while anyone speaks. `kinora export --music FILE` still \
            overrides it for one export.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The music file, or none to remove the bed.")
    var file: String?

    @Option(parsing: .unconditional, help: "Gain in dB, -60 to 24 (default -6: under speech).")
    var gain: Double?

    @Option(parsing: .unconditional, help: "How far it drops under dialogue in dB, -60 to 0 (default -12).")
    var ducking: Double?

    @Flag(help: "Print the bed as JSON (null when there is none), after any change.")
    var json = false

    func validate() throws {
        if file?.lowercased() == "none" && (gain != nil || ducking != nil) {
            throw ValidationError("none removes the music; give --gain and --ducking with a file instead.")
        }
    }

    func run() throws {
        if let gain, let problem = SoundClip.gainProblem(gain) {
            throw StoryboardError.badValue(field: "--gain", value: "\(gain)", rule: problem)
        }
        if let ducking, let problem = MusicBed.duckingProblem(ducking) {
            throw StoryboardError.badValue(field: "--ducking", value: "\(ducking)", rule: problem)
        }
        guard file != nil || gain != nil || ducking != nil else {
            try show()
            return
        }
        let store = try project.openForWriting()
        defer { store.close() }
        if file?.lowercased() == "none" {
            let removed = try store.update { project in
                defer { project.music = nil }
                return project.music
            }
            if json {
                try Output.json(MusicBed?.none)
                return
            }
            Output.line(
                removed.map { "Removed the music (\($0.file.originalName)); the film has none now." }
                    ?? "The film had no music; nothing changed.")
            return
        }
        let checked = try file.map { try SoundImport.check($0, field: "FILE") }
        guard checked != nil || store.project.music != nil else {
            throw StoryboardError.badValue(
                field: gain != nil ? "--gain" : "--ducking", value: "\(gain ?? ducking ?? 0)",
                rule: "the film has no music yet: give its file too (kinora music DIR FILE)")
        }
        let sound = try checked.map { try SoundImport.importFile($0, into: store) }
        let bed = try store.update { project in
            let before = project.music
            guard let file = sound ?? before?.file else {
                throw StoryboardError.badValue(
                    field: "FILE", value: "", rule: "the film has no music yet: give its file")
            }
            var bed = MusicBed(file: file)
            bed.gain = gain ?? before?.gain ?? bed.gain
            bed.ducking = ducking ?? before?.ducking ?? bed.ducking
            project.music = bed
            return bed
        }
        if json {
            try Output.json(bed)
            return
        }
        if let checked, checked.isVideo {
            Output.line("Using the sound of the video \(bed.file.originalName).")
        }
        Output.line("Music: " + Self.describe(bed))
    }

    /// Prints the bed, or says there is none and how to set one.
    private func show() throws {
        let store = try project.openForReading()
        if json {
            try Output.json(store.project.music)
            return
        }
        guard let bed = store.project.music else {
            Output.line("The film has no music. Set it with `kinora music DIR FILE`.")
            return
        }
        Output.line("Music: " + Self.describe(bed))
        Output.line("File:  " + store.url(for: bed.file.asset).path)
    }

    /// "theme.mp3 (2:10.0), gain -6 dB, 12 dB down under dialogue".
    static func describe(_ bed: MusicBed) -> String {
        let ducking =
            bed.ducking == 0
            ? "level under dialogue"
            : "\(SoundListing.decibels(-bed.ducking).dropFirst()) down under dialogue"
        return "\(bed.file.originalName) (\(Output.seconds(bed.file.duration))), gain "
            + "\(SoundListing.decibels(bed.gain)), \(ducking)"
    }
}
