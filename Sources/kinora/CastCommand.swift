import ArgumentParser

/// `kinora cast ...`: the characters, locations and props prompts name as `@Name`.
struct CastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cast",
        abstract: "Add, list, show, change and remove cast entries (characters, locations, props).",
        discussion: """
            A prompt names an entry as @Name; engines get its description in place of @Name, and its \
            reference pictures. NAME is one word: letters, digits, _ and - (Old_Man, not "Old Man").
            """,
        subcommands: [
            CastAddCommand.self, CastListCommand.self, CastShowCommand.self, CastSetCommand.self,
            CastRemoveCommand.self,
        ]
    )
}
