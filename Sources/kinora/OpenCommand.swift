import ArgumentParser
import KinoraCore

/// `kinora DIR` or `kinora open DIR`: opens a storyboard. Until the studio lands this prints the storyboard.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a storyboard.")

    @OptionGroup var project: ProjectFolder

    func run() throws {
        let store = try project.openForReading()
        StoryboardTable.print(store.project, width: Output.columns)
    }
}
