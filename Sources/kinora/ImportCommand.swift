import ArgumentParser
import Foundation
import KinoraCore
import KinoraScript

/// `kinora import DIR SCRIPT`: merges a Fountain or Final Draft script into the storyboard.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a script (.fountain, .spmd, .txt, .fdx); a re-import merges and keeps every take.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The script: Fountain (.fountain, .spmd, .txt) or Final Draft (.fdx).")
    var script: String

    @Flag(name: .customLong("dry-run"), help: "Print what would change and change nothing.")
    var dryRun = false

    @Flag(help: "Print the changes as JSON.")
    var json = false

    func run() throws {
        let loaded = try ScriptFile.load(script)
        let result: ScriptImport
        if dryRun {
            // A preview needs no lock: it works while the studio has the storyboard open.
            let store = try project.openForReading()
            defer { store.close() }
            result = try loaded.merge(into: store.project)
        } else {
            let store = try project.openForWriting()
            defer { store.close() }
            // One save: the storyboard holds the whole import or none of it.
            result = try store.update { storyboard in
                let merged = try loaded.merge(into: storyboard)
                storyboard = merged.project
                return merged
            }
        }
        try ScriptFile.report(result, from: loaded, json: json, dryRun: dryRun)
    }
}
