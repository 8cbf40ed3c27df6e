import Foundation
import KinoraCore
import KinoraMedia

/// What the cast commands share: finding an entry, checking a name, and importing reference pictures.
enum CastEditing {
    /// The index of the entry `name` in `project`, or an error listing the cast.
    static func index(of name: String, in project: Project) throws -> Int {
        let typed = String(name.drop { $0 == "@" })
        guard let index = project.castIndex(named: typed) else {
            throw CastError.unknownEntry(name: name, cast: project.castNamesForMessages)
        }
        return index
    }

    /// Checks that `name` can name an entry and that no entry but the one at `except` has it.
    static func checkName(_ name: String, field: String, in project: Project, except: Int? = nil) throws {
        if let problem = CastEntry.nameProblem(name) {
            throw CastError.badName(field: field, name: name, problem: problem)
        }
        if let existing = project.castIndex(named: name), existing != except {
            throw CastError.nameTaken(name: name, existing: project.cast[existing].name)
        }
    }

    /// Checks every file in `paths` is a still picture, then copies them into `assets/` by content; a file
    /// that is not a picture stops everything before anything is copied.
    static func importPictures(_ paths: [String], into store: ProjectStore) throws -> [ShotSource] {
        let urls = paths.map { URL(fileURLWithPath: $0) }
        for (path, url) in zip(paths, urls) {
            try StillPictureError.check(url, path: path, field: "--image", role: .reference)
        }
        return try urls.map { try store.importAsset($0, kind: .image) }
    }

    /// "1A (s1), 3 (s3)": shots as a person finds them, for messages.
    static func shotNames(_ shots: [Shot]) -> String {
        shots.map { "\($0.label) (\($0.id))" }.joined(separator: ", ")
    }

    /// Refuses a shot whose `fields` (of prompt, location and people) name entries the cast lacks or of
    /// the wrong kind (listing the cast), and spells its location and people as the cast does; `field`
    /// names what the person changed. Fields not being changed are not held against the change.
    static func checkNames(
        of shot: inout Shot, in project: Project, field: String, fields: Set<ShotField>
    ) throws {
        if let problem = project.castProblem(in: shot, fields: fields) {
            throw CastError.unknownNames(field: field, problem: problem)
        }
        if let location = shot.location {
            shot.location = project.castEntry(named: location)?.name ?? location
        }
        shot.people = shot.people?.map { project.castEntry(named: $0)?.name ?? $0 }
    }
}
