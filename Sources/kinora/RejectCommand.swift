import ArgumentParser
import KinoraCore

/// `kinora reject`: marks a take as not to be used.
struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a take: not to be used.",
        discussion: "TAKE defaults to the chosen take, else the newest finished one.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String?

    func run() throws {
        try ReviewTarget.setVerdict(.rejected, shot: shot, take: take, project: project)
    }
}
