import ArgumentParser
import Foundation
import KinoraCore
import KinoraSound

/// `kinora shot show`: every field of one shot.
struct ShotShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one shot in full.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Flag(help: "Print the shot as JSON.")
    var json = false

    func run() throws {
        let store = try project.openForReading()
        let index = try store.project.shotIndex(shot, file: store.storyboardURL.path)
        let value = store.project.shots[index]
        var details = ShotShowEntry(value, in: store.project)
        let speech =
            DialogueLine.lines(in: value.dialogue).isEmpty
            ? nil
            : ShotSpeech(
                value, in: store.project, folder: store.folder,
                speak: (try? SpeechSynthesizer.availability().get()) != nil)
        details.speech = speech?.end
        if json {
            try Output.json(details)
            return
        }
        var fields: [(String, String)] = [
            ("id", value.id.rawValue), ("position", "\(index + 1) of \(store.project.shots.count)"),
            ("label", value.label), ("mode", value.mode.rawValue),
            ("duration", Output.seconds(value.duration)),
            ("prompt", value.prompt), ("negative-prompt", value.negativePrompt), ("action", value.action),
            ("dialogue", value.dialogue), ("notes", value.notes),
            ("motion", value.settings.motion.rawValue), ("style", value.settings.style.rawValue),
            ("strength", "\(value.settings.strength)"),
            ("seed", "\(value.seed)\(value.seedLocked ? " (locked)" : "")"),
            ("backend", value.backend ?? "\(store.project.defaultBackend) (project default)"),
            ("transition", value.transition.description),
        ]
        fields += soundFields(value, speech: speech)
        fields += shotListFields(details)
        fields += scriptFields(value)
        fields += referenceFields(details, store: store)
        if let source = value.source {
            var text = "\(source.kind.rawValue) \(source.originalName) → \(source.asset)"
            if source.inPoint != nil || source.outPoint != nil {
                text += " [\(source.inPoint ?? 0)–\(source.outPoint.map { "\($0)" } ?? "end") s]"
            }
            fields.append(("source", text))
        }
        if let end = value.endImage {
            fields.append(("end-image", "\(end.originalName) → \(end.asset)"))
        }
        if value.mode == .imageToVideo {
            fields.append(
                (
                    "framing",
                    value.framing?.text ?? "automatic (centred, or the upper third of a taller picture)"
                ))
        } else if let framing = value.framing {
            fields.append(("framing", framing.text + " (used once the shot has a source picture)"))
        }
        if value.continuation != nil,
            let sentence = ContinuityText.sentence(
                store.project.continuityState(ofShotAt: index), shot: value.id, dir: project.dir)
        {
            fields.append(("continue", "previous: " + sentence))
        }
        for (name, parameter) in value.settings.parameters.sorted(by: { $0.key < $1.key }) {
            fields.append(("param.\(name)", parameter))
        }
        if let trim = value.trim {
            fields.append(("trim", "\(trim.inPoint)–\(trim.outPoint) s"))
        }
        fields.append(
            (
                "takes",
                value.takes.isEmpty
                    ? "none"
                    : value.takes.map { take in
                        let chosen = take.id == value.chosenTake ? " (chosen)" : ""
                        var text = "\(take.id) seed \(take.seed) \(take.status.rawValue)\(chosen)"
                        if let framing = take.framing { text += " framing \(framing.summary)" }
                        if let warning = take.warning { text += " (warning: \(warning))" }
                        return text
                    }.joined(separator: ", ")
            ))
        for (name, text) in fields where !text.isEmpty {
            // Multi-line fields are indented so each line stays under its name.
            let body = TerminalText.sanitized(text, multiline: true).replacingOccurrences(
                of: "\n", with: "\n" + String(repeating: " ", count: 17))
            print(TerminalText.padded(name, toWidth: 16) + " " + body)
        }
    }

    /// Which sound the shot plays, its clips, and how long its dialogue takes to say against its length.
    private func soundFields(_ shot: Shot, speech: ShotSpeech?) -> [(String, String)] {
        let choice = shot.sound ?? .auto
        let clips = (shot.sounds ?? []).sorted { $0.number < $1.number }.map { clip in
            "\(clip.number) \(clip.kind.rawValue) \(clip.file.originalName) "
                + "(\(Output.seconds(clip.file.duration))) at \(Output.seconds(clip.offset)), gain "
                + SoundListing.decibels(clip.gain)
        }
        return [
            ("sound", "\(choice.rawValue): \(choice.summary)"),
            ("sounds", clips.joined(separator: "\n")),
            ("speech", speech?.summary(dir: project.dir) ?? ""),
        ]
    }

    /// The crew's fields: scene, size, angle, lens, location, people and status (unset ones are left out).
    private func shotListFields(_ details: ShotShowEntry) -> [(String, String)] {
        let shot = details.shot
        let people =
            details.people.joined(separator: ", ")
            + (details.shot.people != nil || details.people.isEmpty ? "" : " (from the prompt)")
        return [
            ("scene", shot.scene ?? ""),
            ("size", shot.shotSize.map { "\($0.rawValue) (\($0.name))" } ?? ""),
            ("angle", shot.angle?.name ?? ""), ("lens", shot.lens.map { "\($0) mm" } ?? ""),
            ("location", shot.location ?? ""), ("people", people),
            ("status", (shot.status ?? .toDo).name),
        ]
    }

    /// Where the shot stands with the script it was imported from: its scene's notes, whether its duration
    /// is still the estimate, and whether the script still has it.
    private func scriptFields(_ shot: Shot) -> [(String, String)] {
        guard shot.scriptKey != nil else { return [] }
        var fields = [("scene-notes", shot.sceneNotes ?? "")]
        if shot.durationEstimated == true {
            fields.append(("duration-from", "estimated from the script's words"))
        }
        fields.append(
            (
                "script",
                shot.removedFromScript == true
                    ? "removed from the script (kept with its takes; kinora shot rm deletes it)"
                    : "in the script"
            ))
        return fields
    }

    /// The cast entries the prompt names, as engines get them, and the `@Name`s the cast lacks.
    private func referenceFields(_ details: ShotShowEntry, store: ProjectStore) -> [(String, String)] {
        var lines = details.references.map { reference in
            let count = reference.images.count
            let pictures =
                count == 0
                ? "no pictures"
                : "\(count) picture\(count == 1 ? "" : "s"): "
                    + reference.images.map { store.url(for: $0).path }.joined(separator: ", ")
            return "@\(reference.name) (\(reference.kind.rawValue), \(pictures))"
        }
        lines += details.unknownNames.map { "@\($0) is not in the cast: engines read it as written" }
        return [("references", lines.joined(separator: "\n"))]
    }
}
