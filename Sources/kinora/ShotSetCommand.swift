import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraMedia

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
                let key = String(parts[0])
                let value = parts.count > 1 ? String(parts[1]) : ""
                if ShotField(key: key) == .image, !value.isEmpty {
                    guard project.shots[index].continuation == nil else {
                        throw StoryboardError.badValue(
                            field: ShotField.image.rawValue, value: value,
                            rule:
                                "a continuing shot's picture is the previous shot's last frame; set continue= first"
                        )
                    }
                    let url = URL(fileURLWithPath: value)
                    try StillPictureError.check(
                        url, path: value, field: ShotField.image.rawValue, role: .source)
                    project.shots[index].source = try store.importAsset(url, kind: .image)
                    if project.shots[index].mode != .imageToVideo {
                        project.shots[index].mode = .imageToVideo
                    }
                    continue
                }
                if ShotField(key: key) == .endImage, !value.isEmpty {
                    project.shots[index].endImage = try importEndPicture(
                        value, for: project.shots[index], store)
                    continue
                }
                try project.shots[index].set(key, to: value)
            }
            // A prompt, location or people naming someone the cast lacks is refused, with the cast.
            let named = assignments.map { String($0.prefix { $0 != "=" }) }.filter { key in
                [.prompt, .location, .people].contains(ShotField(key: key))
            }
            if !named.isEmpty {
                try CastEditing.checkNames(
                    of: &project.shots[index], in: project, field: named.joined(separator: ", "),
                    fields: Set(named.compactMap { ShotField(key: $0) }))
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

    /// Checks that `path` is a still picture and copies it into the project (content-addressed, like a
    /// source), for a shot that starts on a picture.
    private func importEndPicture(_ path: String, for shot: Shot, _ store: ProjectStore) throws -> ShotSource
    {
        guard shot.mode == .imageToVideo else {
            throw StoryboardError.badValue(
                field: ShotField.endImage.rawValue, value: path,
                rule: "an end picture needs an image-to-video shot (the take starts on its source picture); "
                    + "this shot is \(shot.mode.rawValue): set mode=image-to-video first")
        }
        let url = URL(fileURLWithPath: path)
        try StillPictureError.check(url, path: path, field: ShotField.endImage.rawValue, role: .endPicture)
        return try store.importAsset(url, kind: .image)
    }
}
