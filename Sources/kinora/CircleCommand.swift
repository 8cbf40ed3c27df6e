import ArgumentParser
import KinoraCore

/// `kinora circle`: marks a take as a keeper, as on a camera report.
struct CircleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle", abstract: "Circle a take: a keeper.",
        discussion: "TAKE defaults to the chosen take, else the newest finished one.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String?

    func run() throws {
        try ReviewTarget.setVerdict(.circled, shot: shot, take: take, project: project)
    }
}
