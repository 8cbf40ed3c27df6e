import ArgumentParser
import KinoraCore

/// `kinora unmark`: clears a take's verdict (its notes stay).
struct UnmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmark", abstract: "Clear a take's verdict (circled or rejected); its notes stay.",
        discussion: "TAKE defaults to the chosen take, else the newest finished one.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String?

    func run() throws {
        try ReviewTarget.setVerdict(nil, shot: shot, take: take, project: project)
    }
}
