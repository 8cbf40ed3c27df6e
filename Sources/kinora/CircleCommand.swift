import ArgumentParser
import KinoraCore

/// `kinora circle`:  a keeper.:marks a take as a keeper, as on a camera report.
struct CircleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle", abstract: "Circle a take", discussion: ReviewTargetOptions.discussion)

    @OptionGroup var target: ReviewTargetOptions

    func run() throws {
        try ReviewTarget.setVerdict(.circled, shot: target.shot, take: target.take, project: target.project)
    }
}
