/// A subtitle: a dialogue line and when it is on screen, in seconds from its shot's start. Timed by the
/// sound plan (KinoraSound), shown by the studio, written by the exports.
public struct SubtitleCue: Sendable, Hashable {
    /// When it appears.
    public var start: Double
    /// When it goes.
    public var end: Double
    /// Who speaks, as the script writes the name (`MIMI`), if anyone.
    public var speaker: String?
    /// The words.
    public var text: String

    /// A cue; see the properties.
    public init(start: Double, end: Double, speaker: String?, text: String) {
        self.start = start
        self.end = end
        self.speaker = speaker
        self.text = text
    }

    /// How it reads on one line: `MIMI: Hello.`
    public var line: String { speaker.map { "\($0): \(text)" } ?? text }
}
