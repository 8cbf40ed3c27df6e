import KinoraCore

/// A file given to `kinora shot add` as a shot's source that holds no picture at all: refused in
/// the same words whether `--image` or `--video` named it, since neither can use it.
struct SourcePictureError: UserFacingError {
    /// The file, as given.
    let path: String
    /// `true` when the file holds sound (an audio file such as an `.m4a`).
    let hasAudio: Bool

    /// Names the file, what it holds, and both ways to give a source.
    var userMessage: String {
        let holds = hasAudio ? "only audio" : "no video or image stream"
        return "\(path) has no picture (\(holds)): give a still image with --image or a video with --video."
    }

    /// The person chose the file.
    var isUserError: Bool { true }
}
