import ArgumentParser

/// `kinora shot ...`: storyboard edits, one shot at a time.
struct ShotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shot",
        abstract: "Add, list, show, change, move and remove shots.",
        discussion: "SHOT is a shot id (s3) or a 1-based position (3).",
        subcommands: [
            ShotAddCommand.self, ShotListCommand.self, ShotShowCommand.self, ShotSetCommand.self,
            ShotMoveCommand.self, ShotRemoveCommand.self,
        ]
    )
}
