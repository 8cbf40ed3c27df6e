import ArgumentParser
import KinoraCore

/// A hidden command for the crash-safety test: saves over and over so a SIGKILL lands mid-save.
struct SaveLoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save-loop", abstract: "Save the storyboard repeatedly (crash-safety testing).",
        shouldDisplay: false)

    @OptionGroup var project: ProjectFolder

    @Option(help: "How many saves.")
    var count: Int = 100_000

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        for round in 0..<count {
            try store.update { project in
                project.title = "save \(round)"
                for index in project.shots.indices {
                    project.shots[index].notes = String(repeating: "note \(round) ", count: 50)
                }
            }
        }
    }
}
