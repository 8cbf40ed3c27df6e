import KinoraCore

/// A shot's subtitles as the app timed them, with the dialogue they were timed from (an edited line
/// is not shown with old times).
public struct ShotSubtitles: Sendable, Equatable {
    /// The shot.
    public var shot: ShotID
    /// The shot's dialogue text they come from.
    public var dialogue: String
    /// The lines, in order.
    public var cues: [SubtitleCue]

    /// Subtitles with the given parts.
    public init(shot: ShotID, dialogue: String, cues: [SubtitleCue]) {
        self.shot = shot
        self.dialogue = dialogue
        self.cues = cues
    }
}
