import ArgumentParser
import Foundation
import KinoraCore

/// `kinora cast set`: renames (everywhere the entry is named), re-kinds, re-describes, and adds or
/// removes reference pictures, all or nothing.
struct CastSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a cast entry: name=, kind=, description=, voice=, pitch=, rate=, pictures.",
        discussion: """
            name= renames the entry everywhere: prompts' @Old become @New, and shots' location and people \
            follow. voice=, pitch= (0–99) and rate= (80–450 words a minute) set the character's scratch voice \
            (espeak-ng --voices lists the voices); an empty value goes back to the default. --remove-image takes a picture's number (1 is the first) or the start of its hash.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The entry's name (case does not matter).")
    var name: String

    @Argument(help: "Changes as key=value: name, kind, description.")
    var assignments: [String] = []

    @Option(help: "Add a reference picture (repeat for more).")
    var image: [String] = []

    @Option(
        name: .customLong("remove-image"),
        help: "Remove a picture: its number or the start of its hash (repeat for more).")
    var removeImage: [String] = []

    /// The keys `cast set` knows.
    private static let keys = "name, kind, description, voice, pitch, rate"

    func validate() throws {
        if assignments.isEmpty && image.isEmpty && removeImage.isEmpty {
            throw ValidationError(
                "Give at least one key=value (\(Self.keys)), --image FILE or --remove-image N.")
        }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("\"\(assignment)\" is not key=value. Keys: \(Self.keys).")
        }
    }

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        // Everything is checked on the storyboard as it is before any picture is copied in.
        let before = try CastEditing.index(of: name, in: store.project)
        var trial = store.project
        try apply(to: &trial, at: before, newPictures: [])
        let pictures = try CastEditing.importPictures(image, into: store)
        let (oldName, newName, renamedShots, removed, added) = try store.update { project in
            let index = try CastEditing.index(of: name, in: project)
            let oldName = project.cast[index].name
            let shots = project.shotsNaming(oldName).count
            let (removed, added) = try apply(to: &project, at: index, newPictures: pictures)
            return (oldName, project.cast[index].name, shots, removed, added)
        }
        var changed = assignments.map { String($0.prefix { $0 != "=" }) }
        if !image.isEmpty {
            changed.append("\(added) picture\(added == 1 ? "" : "s") added")
            if added < image.count { changed.append("\(image.count - added) it already had") }
        }
        if !removeImage.isEmpty { changed.append("\(removed) picture\(removed == 1 ? "" : "s") removed") }
        Output.line("Updated \(newName): \(changed.joined(separator: ", ")).")
        if oldName != newName && renamedShots > 0 {
            Output.line(
                "Renamed @\(oldName) to @\(newName) in \(renamedShots) shot\(renamedShots == 1 ? "" : "s").")
        }
    }

    /// Applies the changes to the entry at `index`, checking each, with `newPictures` appended (each
    /// picture once); returns how many pictures were removed and added.
    @discardableResult
    private func apply(to project: inout Project, at index: Int, newPictures: [ShotSource]) throws -> (
        removed: Int, added: Int
    ) {
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].lowercased()
            let value = parts.count > 1 ? String(parts[1]) : ""
            switch key {
            case "name":
                try CastEditing.checkName(value, field: "name", in: project, except: index)
                project.renameCastEntry(project.cast[index].name, to: value)
            case "kind":
                guard let kind = CastKind(rawValue: value.lowercased()) else {
                    throw StoryboardError.badValue(
                        field: "kind", value: value,
                        rule: "kinds are " + CastKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                project.cast[index].kind = kind
            case "description":
                project.cast[index].description = value
            case "voice", "pitch", "rate":
                project.cast[index].voice = try CastEditing.voice(
                    project.cast[index].voice, setting: key, to: value)
            default:
                throw StoryboardError.badValue(field: "key", value: key, rule: "the keys are \(Self.keys)")
            }
        }
        let entry = project.cast[index]
        let doomed = try Set(removeImage.map { try pictureIndex($0, of: entry) })
        project.cast[index].images = entry.images.enumerated().filter { !doomed.contains($0.offset) }.map(
            \.element)
        let added = project.cast[index].addPictures(newPictures)
        return (doomed.count, added)
    }

    /// The index of the picture `reference` means: a 1-based number or the start of its hash.
    private func pictureIndex(_ reference: String, of entry: CastEntry) throws -> Int {
        let text = reference.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(text), text.count < 4 {
            guard entry.images.indices.contains(number - 1) else {
                throw CastError.unknownPicture(
                    name: entry.name, reference: reference, count: entry.images.count)
            }
            return number - 1
        }
        let matches = entry.images.indices.filter { !text.isEmpty && entry.images[$0].sha256.hasPrefix(text) }
        guard let first = matches.first else {
            throw CastError.unknownPicture(name: entry.name, reference: reference, count: entry.images.count)
        }
        guard matches.count == 1 else {
            throw CastError.ambiguousPicture(name: entry.name, reference: reference)
        }
        return first
    }
}
