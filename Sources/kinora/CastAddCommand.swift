import ArgumentParser
import Foundation
import KinoraCore

/// `kinora cast add`: a new character, location or prop, with its reference pictures imported.
struct CastAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a cast entry, named in prompts as @NAME.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The entry's name: one word of letters, digits, _ and - (Old_Man).")
    var name: String

    @Option(help: "character, location or prop.")
    var kind: String = CastKind.character.rawValue

    @Option(help: "A reference picture (repeat for more).")
    var image: [String] = []

    @Option(help: "What it looks like, in words: engines read it in place of @NAME.")
    var description: String = ""

    @Option(help: "A character's scratch voice, as espeak-ng names it (en-gb, fr, cmn).")
    var voice: String?

    @Option(help: "The voice's pitch, 0–99 (default 50).")
    var pitch: String?

    @Option(help: "The voice's speed in words a minute, 80–450 (default 175).")
    var rate: String?

    @Flag(help: "Print the new entry as JSON.")
    var json = false

    func run() throws {
        guard let parsedKind = CastKind(rawValue: kind.lowercased()) else {
            throw StoryboardError.badValue(
                field: "--kind", value: kind,
                rule: "kinds are " + CastKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var spokenWith: CastVoice?
        for (key, value) in [("voice", voice), ("pitch", pitch), ("rate", rate)] {
            if let value { spokenWith = try CastEditing.voice(spokenWith, setting: key, to: value) }
        }
        let store = try project.openForWriting()
        defer { store.close() }
        try CastEditing.checkName(name, field: "NAME", in: store.project)
        let pictures = try CastEditing.importPictures(image, into: store)
        var entry = CastEntry(name: name, kind: parsedKind, description: description)
        entry.addPictures(pictures)
        entry.voice = spokenWith
        try store.update { project in
            try CastEditing.checkName(name, field: "NAME", in: project)
            project.cast.append(entry)
        }
        if json {
            try Output.json(CastListing(entry, store: store))
        } else {
            let count = pictures.count
            Output.line(
                "Added \(entry.name) (\(entry.kind.rawValue), \(count) picture\(count == 1 ? "" : "s")); "
                    + "prompts name it as @\(entry.name).")
        }
    }
}
