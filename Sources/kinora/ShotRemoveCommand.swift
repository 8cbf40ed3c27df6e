import ArgumentParser
import KinoraCore

/// `kinora shot rm`: takes a shot out of the storyboard; its take files stay on disk.
struct ShotRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a shot (its take files stay in takes/).")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let removed = try store.update { project in
            project.shots.remove(at: try project.shotIndex(shot, file: store.storyboardURL.path))
        }
        Output.line("Removed \(removed.id) (label \(removed.label)); its takes stay in takes/\(removed.id)/.")
    }
}
