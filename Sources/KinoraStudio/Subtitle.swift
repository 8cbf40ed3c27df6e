import KinoraCore

/// A dialogue line on screen while a shot plays, in seconds from the shot's start.
public struct Subtitle: Sendable, Equatable {
    /// When it appears.
    public var start: Double
    /// When it goes.
    public var end: Double
    /// Who speaks, as the script writes the name, if anyone.
    public var speaker: String?
    /// The words.
    public var text: String

    /// A subtitle with the given parts.
    public init(start: Double, end: Double, speaker: String?, text: String) {
        self.start = start
        self.end = end
        self.speaker = speaker
        self.text = text
    }

    /// How it reads on one line: `MIMI: Hello.`
    public var line: String { speaker.map { "\($0): \(text)" } ?? text }
}

/// A shot's subtitles as the app timed them, with the dialogue they were timed from (an edited line
/// is not shown with old times).
public struct ShotSubtitles: Sendable, Equatable {
    /// The shot.
    public var shot: ShotID
    /// The shot's dialogue text they come from.
    public var dialogue: String
    /// The lines, in order.
    public var cues: [Subtitle]

    /// Subtitles with the given parts.
    public init(shot: ShotID, dialogue: String, cues: [Subtitle]) {
        self.shot = shot
        self.dialogue = dialogue
        self.cues = cues
    }
}
