import KinoraCore

/// Everything that can go wrong reading, probing or writing media, in words a person can act on.
///
/// Every case that involves a file carries its path and names it in ``userMessage``; paths and
/// ffmpeg's own words are sanitised with `TerminalText.sanitized` before they are shown.
public enum MediaError: UserFacingError, Equatable, Sendable {
    /// The tool could not be found; `configuredPath` is the override variable's value, if set.
    case toolMissing(tool: MediaTool, configuredPath: String?)
    /// The tool was found at `path` but could not be started.
    case toolFailed(tool: MediaTool, path: String, reason: String)
    /// ffmpeg was built without the named encoder (for example `libx264`).
    case encoderMissing(encoder: String, path: String)
    /// No file exists at `path`.
    case fileMissing(path: String)
    /// The file at `path` has zero bytes.
    case emptyFile(path: String)
    /// ffprobe or ffmpeg could not open `path` as a picture or video.
    case unreadable(path: String, reason: String)
    /// The file opens but holds no picture (for example, audio only).
    case noVideo(path: String)
    /// The file has no frame at or after `seconds`.
    case noFrame(path: String, seconds: Double, duration: Double?)
    /// Decoding started but failed after `framesRead` frames.
    case decodeFailed(path: String, framesRead: Int, reason: String)
    /// The picture (`size` pixels) is too large to decode in bounded memory, for `reason`.
    case pictureTooLarge(path: String, size: PixelSize, reason: String)
    /// Encoding to `path` failed.
    case encodeFailed(path: String, reason: String)
    /// A requested frame size is unusable.
    case badSize(path: String, size: PixelSize, reason: String)
    /// A frame handed to a writer does not have the writer's size.
    case frameSizeMismatch(path: String, expected: PixelSize, actual: PixelSize)
    /// An option (time, rate, quality ...) is out of range.
    case badParameter(path: String, name: String, value: String, reason: String)
    /// The work on `path` was cancelled.
    case cancelled(path: String)
    /// `path` did not fit on its disk; nothing was left under its name.
    case diskFull(path: String, shortage: DiskShortage)

    /// One or two sentences: what happened to which file, and what to do.
    public var userMessage: String {
        switch self {
        case .toolMissing(let tool, let configuredPath):
            let install =
                "Install it with `sudo apt-get install ffmpeg` (macOS: `brew install ffmpeg`), "
                + "or set \(tool.environmentKey) to its path."
            if let configuredPath {
                return "\(tool.rawValue) was not found: \(tool.environmentKey) is set to "
                    + "\(Self.show(configuredPath)), which is not an executable file. \(install)"
            }
            return "\(tool.rawValue) is not installed or not on PATH. \(install)"
        case .toolFailed(let tool, let path, let reason):
            return "Could not start \(tool.rawValue) at \(Self.show(path)): \(Self.sentence(reason)). "
                + "Check the file is executable, or set \(tool.environmentKey) to a working \(tool.rawValue)."
        case .encoderMissing(let encoder, let path):
            return "Cannot write \(Self.show(path)): this ffmpeg has no \(Self.show(encoder)) encoder. "
                + "Install a full ffmpeg build (Debian: `sudo apt-get install ffmpeg`)."
        case .fileMissing(let path):
            return "\(Self.show(path)) does not exist. Check the path and try again."
        case .emptyFile(let path):
            return "\(Self.show(path)) is empty (0 bytes), so it holds no picture or video. "
                + "Choose another file or copy it again."
        case .unreadable(let path, let reason):
            return "Cannot read \(Self.show(path)) as an image or video: \(Self.sentence(reason)). "
                + "Check the file is a picture or video ffmpeg can open."
        case .noVideo(let path):
            return "\(Self.show(path)) has no picture in it (no video or image stream). "
                + "Choose an image or a video file."
        case .noFrame(let path, let seconds, let duration):
            var message = "\(Self.show(path)) has no frame at \(Self.seconds(seconds))"
            if let duration { message += " (it is \(Self.seconds(duration)) long)" }
            return message + ". Choose an earlier time."
        case .decodeFailed(let path, let framesRead, let reason):
            return
                "Decoding \(Self.show(path)) failed after \(framesRead) frame\(framesRead == 1 ? "" : "s"): "
                + "\(Self.sentence(reason)). The file may be damaged or cut short."
        case .pictureTooLarge(let path, let size, let reason):
            return "\(Self.show(path)) is too large to decode (\(size) pixels): \(Self.sentence(reason)). "
                + "Save it as a non-interlaced PNG or a baseline JPEG, or save a smaller copy, and use that."
        case .encodeFailed(let path, let reason):
            return "Could not write \(Self.show(path)): \(Self.sentence(reason))."
        case .badSize(let path, let size, let reason):
            return "Cannot use the size \(size) for \(Self.show(path)): \(reason)."
        case .frameSizeMismatch(let path, let expected, let actual):
            return "A \(actual) frame was given to the \(expected) video \(Self.show(path)); "
                + "every frame must be \(expected)."
        case .badParameter(let path, let name, let value, let reason):
            return "Cannot use \(name) \(Self.show(value)) for \(Self.show(path)): \(reason)."
        case .cancelled(let path):
            return "Work on \(Self.show(path)) was cancelled."
        case .diskFull(let path, let shortage):
            return "Could not write \(Self.show(path)): \(shortage.explanation)."
        }
    }

    /// `true` when the person can fix it (their file, their settings, a missing tool).
    public var isUserError: Bool {
        switch self {
        case .toolMissing, .toolFailed, .encoderMissing, .fileMissing, .emptyFile, .unreadable, .noVideo,
            .noFrame, .decodeFailed, .pictureTooLarge, .badSize, .badParameter, .cancelled, .diskFull:
            return true
        case .encodeFailed, .frameSizeMismatch:
            return false
        }
    }

    /// Sanitised, single-line text for a message.
    static func show(_ text: String) -> String {
        TerminalText.sanitized(text)
    }

    /// Sanitised reason text without a trailing full stop (the message adds its own).
    static func sentence(_ text: String) -> String {
        var shown = Substring(show(text))
        while let last = shown.last, last == "." || last == " " { shown = shown.dropLast() }
        return String(shown)
    }

    /// "1.5 s" with at most three decimals.
    static func seconds(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded.isFinite, abs(rounded) < 1e15, rounded == rounded.rounded() { return "\(Int(rounded)) s" }
        return "\(rounded) s"
    }
}
