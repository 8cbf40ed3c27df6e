import ArgumentParser
import Foundation
import KinoraCore

/// `kinora cast show`: one entry, its pictures with their paths, and the shots that name it.
struct CastShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one cast entry.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The entry's name (case does not matter).")
    var name: String

    @Flag(help: "Print the entry as JSON.")
    var json = false

    func run() throws {
        let store = try project.openForReading()
        let entry = store.project.cast[try CastEditing.index(of: name, in: store.project)]
        let listing = CastListing(entry, store: store)
        if json {
            try Output.json(listing)
            return
        }
        var fields: [(String, String)] = [
            ("name", entry.name), ("kind", entry.kind.rawValue),
            ("description", entry.description.isEmpty ? "(none: engines read the name)" : entry.description),
        ]
        if entry.kind == .character || entry.voice != nil {
            fields.append(("voice", CastEditing.voiceText(entry.voice)))
        }
        if listing.images.isEmpty {
            fields.append(
                ("pictures", "none (add one with `kinora cast set DIR \(entry.name) --image FILE`)"))
        }
        for (index, picture) in listing.images.enumerated() {
            fields.append(
                (
                    "picture \(index + 1)",
                    "\(picture.path)  (\(picture.originalName), \(picture.sha256.prefix(12)))"
                ))
        }
        fields.append(
            (
                "shots",
                listing.shots.isEmpty
                    ? "none name it yet"
                    : listing.shots.map { "\($0.label) (\($0.id))" }.joined(separator: ", ")
            ))
        for (label, text) in fields {
            let body = TerminalText.sanitized(text, multiline: true).replacingOccurrences(
                of: "\n", with: "\n" + String(repeating: " ", count: 13))
            print(TerminalText.padded(label, toWidth: 12) + " " + body)
        }
    }
}
