import ArgumentParser
import KinoraCore

/// `kinora reject`:  not to be used.:marks a take as not to be used.
struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a take", discussion: ReviewTargetOptions.discussion)

    @OptionGroup var target: ReviewTargetOptions

    func run() throws {
        try ReviewTarget.setVerdict(.rejected, shot: target.shot, take: target.take, project: target.project)
    }
}
