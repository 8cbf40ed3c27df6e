import ArgumentParser

/// `kinora sound ...`: recorded lines, voice-overs and effects placed on shots.
struct SoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sound",
        abstract: "Add, list and remove sound clips on shots (dialogue, voice-over, effects).",
        discussion: """
            A clip plays from --at seconds into its shot, at --gain dB. A dialogue clip stands in for the \
            shot's scratch voice and ducks the music; an effect plays under everything. Which sound a shot \
            plays is its sound= field (kinora shot set DIR SHOT sound=\(ShotSoundChoice.keys)).
            """,
        subcommands: [SoundAddCommand.self, SoundListCommand.self, SoundRemoveCommand.self]
    )
}

/// The words the sound commands use for a shot's sound choice.
enum ShotSoundChoice {
    /// The values `sound=` takes, for help texts.
    static let keys = "auto|take|clips|scratch|none"
}
