import ArgumentParser
import KinoraCore

/// `kinora unmark`: clears a take's verdict (its notes stay).
struct UnmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmark", abstract: "Clear a take's verdict (circled or rejected); its notes stay.",
        discussion: ReviewTargetOptions.discussion)

    @OptionGroup var target: ReviewTargetOptions

    func run() throws {
        try ReviewTarget.setVerdict(nil, shot: target.shot, take: target.take, project: target.project)
    }
}
