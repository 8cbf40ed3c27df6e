import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate

/// `kinora shot set`: changes fields by name, all or nothing.
struct ShotSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a shot's fields: key=value ...",
        discussion: "Keys: \(ShotField.allKeys). An empty value clears optional fields.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "Changes as key=value.")
    var assignments: [String] = []

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("Give at least one key=value, e.g. duration=3.5.") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("\"\(assignment)\" is not key=value. Keys: \(ShotField.allKeys).")
        }
    }

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let id = try store.update { project in
            let index = try project.shotIndex(shot, file: store.storyboardURL.path)
            for assignment in assignments {
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                try project.shots[index].set(String(parts[0]), to: parts.count > 1 ? String(parts[1]) : "")
            }
            // Nothing comes before the first shot: it cannot continue anything.
            if index == 0 && project.shots[index].continuation != nil {
                throw ContinuityError.firstShot(project.shots[index].id)
            }
            // Refuse now what the shot's backend would refuse at `gen` (a parameter out of range, an
            // unknown backend, a duration past its limit), so nothing wrong is ever saved.
            let shot = project.shots[index]
            let name = shot.backend ?? project.defaultBackend
            let engine = try BackendRegistry.configured(projectFolder: store.folder).registry.backend(
                named: name)
            try engine.check(
                TakePlanner.request(
                    for: shot, in: project, backend: name, capabilities: engine.capabilities, seed: shot.seed)
            )
            return project.shots[index].id
        }
        Output.line("Updated \(id): \(assignments.map { $0.prefix { $0 != "=" } }.joined(separator: ", ")).")
    }
}
