import ArgumentParser
import Foundation
import KinoraCore

/// `kinora sound rm`: takes a clip off a shot (its file stays in assets/, as other clips may use it).
struct SoundRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a sound clip from a shot by its number.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The clip's number on the shot (kinora sound list shows them).")
    var number: Int

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let file = store.storyboardURL.path
        let (removed, target) = try store.update { project in
            let index = try project.shotIndex(shot, file: file)
            let clips = project.shots[index].sounds ?? []
            guard let position = clips.firstIndex(where: { $0.number == number }) else {
                let shot = project.shots[index]
                let known =
                    clips.isEmpty
                    ? "it has no sound clips"
                    : "its clips are " + clips.map { "\($0.number)" }.joined(separator: ", ")
                throw StoryboardError.badValue(
                    field: "N", value: "\(number)",
                    rule: "shot \(shot.label) (\(shot.id)) has no sound \(number): \(known) "
                        + "(kinora sound list \(self.project.dir) \(shot.id))")
            }
            let removed = clips[position]
            let rest = clips.enumerated().filter { $0.offset != position }.map(\.element)
            project.shots[index].sounds = rest.isEmpty ? nil : rest
            return (removed, project.shots[index])
        }
        Output.line(
            "Removed sound \(removed.number) (\(removed.kind.rawValue) \(removed.file.originalName)) from shot "
                + "\(target.label) (\(target.id)).")
    }
}
