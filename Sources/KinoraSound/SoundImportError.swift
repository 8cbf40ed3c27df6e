import KinoraCore

/// A file given as sound (a clip on a shot, the music bed) that Kinora cannot use: refused before
/// anything is copied into the project, naming the option, the file and what it is instead.
public struct SoundImportError: UserFacingError {
    /// The file, as given.
    public let path: String
    /// The option or argument that named it (`FILE`, `--music`).
    public let field: String
    /// Why it is no sound ("it has no sound (it is a picture)", "there is no such file").
    public let reason: String

    /// A refusal of `path`, given as `field`, for `reason`.
    public init(path: String, field: String, reason: String) {
        self.path = path
        self.field = field
        self.reason = reason
    }

    /// Names the option, the file, what is wrong and what to give instead.
    public var userMessage: String {
        "\(field): \(TerminalText.sanitized(path)) cannot be used as sound: \(reason). Give an audio file "
            + "(WAV, MP3, M4A, FLAC, Ogg…) or a video with sound; nothing was imported or saved."
    }

    /// The person chose the file.
    public var isUserError: Bool { true }
}
