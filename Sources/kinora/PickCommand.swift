import ArgumentParser
import Foundation
import KinoraCore

/// `kinora pick`: chooses the take that plays in the animatic and goes into exports.
struct PickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pick", abstract: "Choose a shot's take.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let (shotID, takeID, rejected) = try store.update { project in
            let index = try project.shotIndex(shot, file: store.storyboardURL.path)
            let record = try project.shots[index].take(matching: take)
            guard record.status == .done, let output = record.output,
                FileManager.default.fileExists(atPath: store.url(for: output).path)
            else {
                let state = record.status == .done ? "its file is missing" : "it is \(record.status.rawValue)"
                throw StoryboardError.badValue(
                    field: "take", value: take,
                    rule: "only a finished take whose file exists can be chosen, and \(state); "
                        + "`kinora regen \(self.project.dir) \(project.shots[index].id) \(record.id)` makes it again"
                )
            }
            project.shots[index].chosenTake = record.id
            project.shots[index].trim = nil
            return (project.shots[index].id, record.id, record.verdict == .rejected)
        }
        if rejected {
            Output.error(
                "\(takeID) of \(shotID) is rejected; choosing it anyway (`kinora unmark \(project.dir) \(shotID) "
                    + "\(takeID)` clears the verdict).")
        }
        Output.line("\(shotID) plays \(takeID).")
    }
}
