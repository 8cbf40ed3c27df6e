import ArgumentParser
import Foundation
import KinoraCore
import KinoraScript

/// `kinora new DIR`: makes an empty storyboard.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a new storyboard.")

    @OptionGroup var project: ProjectFolder

    @Option(help: "The film's title (default: the script's title page, else the folder's name).")
    var title: String?

    @Option(help: "A script to import into it (.fountain, .spmd, .txt, .fdx).")
    var script: String?

    @Option(help: "Frame rate: 24, 25, 30, 23.976 or 24000/1001.")
    var fps: String = "24"

    @Option(help: "Frame size, WIDTHxHEIGHT with even sides.")
    var size: String = "1280x720"

    @Option(help: "How exports fit takes of another shape: fit (letterbox) or fill (crop).")
    var conform: String = "fit"

    @Flag(help: "Print the new storyboard as JSON.")
    var json = false

    func run() throws {
        guard let rate = FrameRate(parsing: fps) else {
            throw StoryboardError.badValue(
                field: "--fps", value: fps, rule: "give a rate such as 24, 25, 23.976 or 24000/1001")
        }
        guard let frameSize = FrameSize(parsing: size) else {
            throw StoryboardError.badValue(field: "--size", value: size, rule: FrameSize.rule)
        }
        guard let fitting = ConformMode(rawValue: conform) else {
            throw StoryboardError.badValue(field: "--conform", value: conform, rule: ConformMode.rule)
        }
        let folderName = project.url.standardizedFileURL.lastPathComponent
        var storyboard = Project(title: title ?? folderName, fps: rate, size: frameSize)
        storyboard.conform = fitting
        var imported: ScriptImport?
        // The script is merged before the folder is made, so a bad script leaves nothing behind.
        if let script {
            let loaded = try ScriptFile.load(script)
            var merged = try loaded.merge(into: storyboard)
            if let title { merged.project.title = title }
            storyboard = merged.project
            imported = merged
        }
        let name = storyboard.title
        let store: ProjectStore
        do {
            store = try ProjectStore.create(at: project.url, project: storyboard)
        } catch StoryboardError.alreadyExists where script != nil {
            // Someone re-running `new --script` most likely wants the script merged in.
            throw ScriptError(
                file: project.dir,
                reason: "it already holds a storyboard; nothing was changed. "
                    + "To merge the script into it: kinora import \(project.dir) \(script ?? "")")
        }
        defer { store.close() }
        if json {
            try Output.json(store.project)
        } else {
            Output.line("Created \"\(name)\" in \(project.dir) (\(rate) fps, \(frameSize)).")
            if let imported {
                let shots = imported.changes(.added).count
                let cast = imported.changes(.cast).count
                Output.line(
                    "Imported \(shots) shot\(shots == 1 ? "" : "s") and \(cast) cast entr\(cast == 1 ? "y" : "ies") from the script."
                )
            }
        }
    }
}
