import KinoraCore
import KinoraMedia

/// Why an export could not be made; every message names the shot, file or option and what to do.
public enum ExportError: UserFacingError, Equatable {
    /// The storyboard has no shots.
    case noShots(storyboard: String)
    /// A shot's chosen take cannot be used and the person asked to stop.
    case unusableTake(shot: String, path: String?, reason: String)
    /// Every shot was skipped.
    case nothingLeft
    /// The output cannot be written there.
    case badOutput(path: String, reason: String)
    /// The format is not one Kinora writes.
    case unknownFormat(name: String)
    /// The music file has no sound.
    case badMusic(path: String, reason: String)
    /// ffmpeg failed while rendering.
    case renderFailed(path: String, reason: String)
    /// The person cancelled; nothing was written.
    case cancelled(path: String)
    /// The file did not fit on its disk; nothing was left under its name.
    case diskFull(path: String, shortage: DiskShortage)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .noShots(let storyboard):
            return "\(storyboard) has no shots: add one with `kinora shot add` before exporting."
        case .unusableTake(let shot, let path, let reason):
            let file = path.map { " (\($0))" } ?? ""
            return
                "Shot \(shot)'s take\(file) cannot be used: \(Self.clause(reason)). Make it again with `kinora gen`, "
                + "pick another with `kinora pick`, or export with --missing slate (a slate in its place) "
                + "or --missing skip."
        case .nothingLeft:
            return "Every shot was skipped: no shot has a finished take. Make takes with `kinora gen`, "
                + "or export with --missing slate."
        case .badOutput(let path, let reason):
            return "Cannot write \(path): \(Self.clause(reason))."
        case .unknownFormat(let name):
            return "\"\(name)\" is not an export format. Use one of: \(ExportFormat.names)."
        case .badMusic(let path, let reason):
            return "The music file \(path) cannot be used: \(Self.clause(reason))."
        case .renderFailed(let path, let reason):
            return "Exporting \(path) failed: \(reason)"
        case .cancelled(let path):
            return "Export cancelled; \(path) was not written."
        case .diskFull(let path, let shortage):
            return "Cannot write \(path): \(shortage.explanation). Nothing was written."
        }
    }

    /// `reason` without its own closing full stop, to sit inside a sentence.
    private static func clause(_ reason: String) -> String {
        var text = reason.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A failed ffmpeg run is not the person's doing; everything else is theirs to fix.
    public var isUserError: Bool {
        if case .renderFailed = self { return false }
        return true
    }
}
