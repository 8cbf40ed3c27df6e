import ArgumentParser
import Foundation
import KinoraCore

/// `kinora cast list`: every cast entry with its kind, pictures and the shots naming it.
struct CastListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cast.")

    @OptionGroup var project: ProjectFolder

    @Flag(help: "Print the cast as a JSON array.")
    var json = false

    func run() throws {
        let store = try project.openForReading()
        if json {
            try Output.json(store.project.cast.map { CastListing($0, store: store) })
            return
        }
        let cast = store.project.cast
        guard !cast.isEmpty else {
            Output.line("No cast yet. Add one with `kinora cast add \(project.dir) NAME --image FILE`.")
            return
        }
        // Which shots name each entry, counted in one pass over the shots.
        var counts: [String: Int] = [:]
        for shot in store.project.shots {
            var named = Set(CastMention.names(in: shot.prompt).map { $0.lowercased() })
            if let location = shot.location { named.insert(location.lowercased()) }
            for person in shot.people ?? [] { named.insert(person.lowercased()) }
            for name in named { counts[name, default: 0] += 1 }
        }
        let header = ["NAME", "KIND", "PICTURES", "SHOTS", "VOICE", "DESCRIPTION"]
        let rows = cast.map { entry in
            [
                TerminalText.sanitized(entry.name), entry.kind.rawValue, "\(entry.images.count)",
                "\(counts[entry.name.lowercased()] ?? 0)",
                entry.voice.map { TerminalText.sanitized(CastEditing.voiceText($0)) } ?? "-",
                TerminalText.sanitized(entry.description),
            ]
        }
        let fixed = (0..<header.count - 1).map { column in
            ([header] + rows).map { TerminalText.displayWidth($0[column]) }.max() ?? 0
        }
        let rest = max(10, Output.columns - fixed.reduce(0, +) - 2 * fixed.count)
        for row in [header] + rows {
            let cells = (0..<fixed.count).map { TerminalText.padded(row[$0], toWidth: fixed[$0]) }
            Output.line(
                (cells + [TerminalText.truncated(row[header.count - 1], toWidth: rest)]).joined(
                    separator: "  "))
        }
    }
}
