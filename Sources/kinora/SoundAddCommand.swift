import ArgumentParser
import Foundation
import KinoraCore
import KinoraSound

/// `kinora sound add`: a sound file imported into the project and placed on a shot.
struct SoundAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Place a sound file on a shot; prints its number on the shot.",
        discussion: """
            FILE is any sound ffmpeg reads (WAV, MP3, M4A, FLAC, Ogg…) or a video with sound (its sound \
            is used). It is copied into the project's assets/. The kind is dialogue when the shot has \
            dialogue, else effect, unless --kind says.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The sound file.")
    var file: String

    @Option(
        name: .customLong("at"), parsing: .unconditional, help: "Seconds after the shot starts (default 0).")
    var offset: Double = 0

    @Option(parsing: .unconditional, help: "Gain in dB, -60 to 24 (default 0: as recorded).")
    var gain: Double = 0

    @Option(help: "dialogue or effect (default: dialogue when the shot has dialogue, else effect).")
    var kind: String?

    @Flag(help: "Print the new clip as JSON.")
    var json = false

    func run() throws {
        if let problem = SoundClip.offsetProblem(offset) {
            throw StoryboardError.badValue(field: "--at", value: "\(offset)", rule: problem)
        }
        if let problem = SoundClip.gainProblem(gain) {
            throw StoryboardError.badValue(field: "--gain", value: "\(gain)", rule: problem)
        }
        let chosenKind = try kind.map { text in
            guard let parsed = SoundKind(rawValue: text.lowercased()) else {
                throw StoryboardError.badValue(
                    field: "--kind", value: text, rule: "kinds are dialogue, effect")
            }
            return parsed
        }
        let store = try project.openForWriting()
        defer { store.close() }
        let file = store.storyboardURL.path
        // The shot and the sound are checked before anything is copied into the project.
        _ = try store.project.shotIndex(shot, file: file)
        let checked = try SoundImport.check(self.file, field: "FILE")
        let sound = try SoundImport.importFile(checked, into: store)
        let (clip, placed) = try store.update { project in
            let index = try project.shotIndex(shot, file: file)
            let target = project.shots[index]
            let hasDialogue = !DialogueLine.lines(in: target.dialogue).isEmpty
            let clip = SoundClip(
                number: ((target.sounds ?? []).map(\.number).max() ?? 0) + 1,
                kind: chosenKind ?? (hasDialogue ? .dialogue : .effect), file: sound, offset: offset,
                gain: gain)
            project.shots[index].sounds = (target.sounds ?? []) + [clip]
            return (clip, project.shots[index])
        }
        if json {
            try Output.json(clip)
            return
        }
        let from = checked.isVideo ? " (the sound of the video \(sound.originalName))" : ""
        Output.line(
            "Added sound \(clip.number) to shot \(placed.label) (\(placed.id)): \(clip.kind.rawValue) "
                + "\(sound.originalName)\(from), \(Output.seconds(sound.duration)) from "
                + "\(Output.seconds(clip.offset)), gain \(SoundListing.decibels(clip.gain)).")
        for note in SoundListing.notes(on: clip, in: placed) { Output.line(note) }
    }
}
