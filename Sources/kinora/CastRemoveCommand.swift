import ArgumentParser
import Foundation
import KinoraCore

/// `kinora cast rm`: removes an entry; refused while shots name it, unless `--force`.
struct CastRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a cast entry (its pictures stay in assets/).")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The entry's name (case does not matter).")
    var name: String

    @Flag(
        help: """
            Remove it even though shots name it: their prompts keep the text @NAME (engines read it as \
            written); their location and people forget it.
            """)
    var force = false

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let (removed, naming) = try store.update { project in
            let entry = project.cast[try CastEditing.index(of: name, in: project)]
            let naming = project.shotsNaming(entry.name)
            if !naming.isEmpty && !force {
                throw CastError.inUse(name: entry.name, shots: CastEditing.shotNames(naming))
            }
            project.removeCastEntry(entry.name)
            return (entry.name, naming)
        }
        Output.line("Removed \(removed); its pictures stay in assets/.")
        if !naming.isEmpty {
            Output.error(
                "shots \(CastEditing.shotNames(naming)) named \(removed): their prompts still say @\(removed), "
                    + "which engines now read as written.")
        }
    }
}
