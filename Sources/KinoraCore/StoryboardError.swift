/// Why a storyboard could not be opened, changed or saved; every message names the file or field and
/// says what to do.
public enum StoryboardError: UserFacingError, Equatable {
    /// The folder has no storyboard.
    case notFound(folder: String)
    /// `kinora new` into a folder that already holds one.
    case alreadyExists(folder: String)
    /// The file is not JSON, or is cut short.
    case unreadable(file: String, detail: String)
    /// The JSON is well formed but a value breaks the rules.
    case invalid(file: String, problems: [ValidationProblem])
    /// Written by a newer Kinora.
    case newerFormat(file: String, found: Int)
    /// Another process holds the lock.
    case locked(folder: String, holder: String)
    /// The lock was taken from under this writer (its file deleted and another process holding a new
    /// one, or the folder replaced); nothing more is saved.
    case lockLost(folder: String, reason: String)
    /// The storyboard has no shots for a command that works on shots.
    case noShots(file: String)
    /// Opened read-only, then asked to save.
    case openedReadOnly(folder: String)
    /// Writing failed; nothing was changed.
    case saveFailed(file: String, reason: String)
    /// No shot matches what the person typed.
    case unknownShot(reference: String, file: String, count: Int)
    /// No take matches what the person typed.
    case unknownTake(reference: String, shot: String)
    /// A value given for a field breaks its rule.
    case badValue(field: String, value: String, rule: String)
    /// An imported file could not be copied into the project.
    case importFailed(file: String, reason: String)
    /// A path that should be a folder is a file.
    case notAFolder(path: String)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .notFound(let folder):
            return "No storyboard in \(folder) (storyboard.json is missing). "
                + "Create one with `kinora new \(folder)`."
        case .alreadyExists(let folder):
            return "\(folder) already holds a storyboard; nothing was changed. Choose another folder."
        case .unreadable(let file, let detail):
            return "\(file) is not a readable storyboard: \(detail). Fix the file, or restore the previous "
                + "version from \(file).bak if there is one."
        case .invalid(let file, let problems):
            let lines = problems.prefix(8).map { "  \($0.path): \($0.message)" }.joined(separator: "\n")
            let more = problems.count > 8 ? "\n  ... and \(problems.count - 8) more" : ""
            return "\(file) has values Kinora cannot use:\n\(lines)\(more)\nFix them in the file, or restore "
                + "the previous version from \(file).bak if there is one."
        case .newerFormat(let file, let found):
            return "\(file) was written by a newer Kinora (format \(found); this one reads up to "
                + "\(Project.currentFormatVersion)). Upgrade Kinora to open it; the file was left untouched."
        case .locked(let folder, let holder):
            return
                "\(folder) is being edited by another Kinora (\(holder)). Wait for it or close it; commands "
                + "that only read (shot list, shot show, takes) still work."
        case .noShots(let file):
            return "\(file) has no shots yet: add one with `kinora shot add DIR --prompt TEXT` (or open the "
                + "studio and press a), then generate."
        case .lockLost(let folder, let reason):
            return "Stopped writing to \(folder): \(reason). To keep the other process's edits, this Kinora "
                + "saved nothing more; what it had not saved is lost. Let the other Kinora finish, then run "
                + "this again."
        case .openedReadOnly(let folder):
            return
                "\(folder) was opened read-only, so nothing was saved. Open it without --read-only to edit."
        case .saveFailed(let file, let reason):
            return "Could not save \(file): \(reason). The previous storyboard is intact; make the folder "
                + "writable (or free some space) and try again."
        case .unknownShot(let reference, let file, let count):
            let range = count == 0 ? "the storyboard has no shots yet" : "positions are 1–\(count)"
            return "No shot \"\(reference)\" in \(file): give a shot id like s3 or a "
                + "position (\(range)). `kinora shot list` shows them."
        case .unknownTake(let reference, let shot):
            return "Shot \(shot) has no take \"\(reference)\". "
                + "`kinora takes DIR \(shot)` lists its takes."
        case .badValue(let field, let value, let rule):
            return "\(field): \"\(value)\" is not accepted: \(rule)."
        case .importFailed(let file, let reason):
            return "Could not import \(file): \(reason)."
        case .notAFolder(let path):
            return
                "\(path) is a file, not a folder. Give the folder that holds (or will hold) the storyboard."
        }
    }

    /// Every storyboard error is the person's to fix.
    public var isUserError: Bool { true }
}

/// One broken rule found while validating a storyboard, located by its JSON path.
public struct ValidationProblem: Sendable, Hashable {
    /// Where in the document: `$.shots[2].duration`.
    public var path: String
    /// What is wrong and what is allowed.
    public var message: String

    /// A problem at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
