import ArgumentParser
import KinoraCore

/// `kinora shot move`: reorders the storyboard.
struct ShotMoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a shot to a new position.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Option(name: .customLong("to"), help: "The new 1-based position.")
    var position: Int

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let count = store.project.shots.count
        guard (1...max(count, 1)).contains(position) else {
            throw StoryboardError.badValue(
                field: "--to", value: "\(position)", rule: "positions are 1–\(count)")
        }
        let id = try store.update { project in
            let index = try project.shotIndex(shot, file: store.storyboardURL.path)
            project.moveShot(at: index, to: position)
            return project.shots[position - 1].id
        }
        Output.line("Moved \(id) to position \(position).")
    }
}
