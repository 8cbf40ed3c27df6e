/// Why Kinora will not write at a place in a project: every message names the place, what stands there
/// and what to do.
public enum ProjectPathError: UserFacingError, Equatable {
    /// A folder Kinora writes into (`takes/s2`, `cache`) is a symbolic link.
    case linkedFolder(path: String, target: String, project: String)
    /// A file Kinora writes or keeps is a symbolic link.
    case linkedFile(path: String, target: String, project: String)
    /// Something other than a folder stands where Kinora keeps a folder.
    case notAFolder(path: String, found: String, project: String)
    /// Something other than a file stands where Kinora writes or keeps a file.
    case notAFile(path: String, found: String, project: String)
    /// What a backend handed over as a file (a take) is something else, a link above all.
    case notKept(path: String, found: String, project: String)
    /// A folder could not be made.
    case cannotMake(path: String, reason: String, project: String)
    /// The path does not name a place inside the project (`..`, an absolute path).
    case outside(path: String, project: String)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .linkedFolder(let path, let target, let project):
            return "\(Self.shown(path)) is a link to \(Self.shown(target)); Kinora writes only inside the "
                + "project \(Self.shown(project)): replace it with a folder (move what you want to keep "
                + "into the project first)."
        case .linkedFile(let path, let target, let project):
            return "\(Self.shown(path)) is a link to \(Self.shown(target)); Kinora keeps only files inside "
                + "the project \(Self.shown(project)): remove the link."
        case .notAFolder(let path, let found, let project):
            return
                "\(Self.shown(path)) in the project \(Self.shown(project)) is \(Self.shown(found)), not a folder; "
                + "Kinora keeps its own files there: move it away."
        case .notAFile(let path, let found, let project):
            return
                "\(Self.shown(path)) in the project \(Self.shown(project)) is \(Self.shown(found)), not a file; "
                + "Kinora writes a file there: move it away."
        case .notKept(let path, let found, let project):
            return "\(Self.shown(path)) in the project \(Self.shown(project)) is \(Self.shown(found)), not a "
                + "file written there, so it was not kept; Kinora keeps only real files inside the project."
        case .cannotMake(let path, let reason, let project):
            return "Could not make the folder \(Self.shown(path)) in the project \(Self.shown(project)): "
                + "\(reason). Make the project folder writable and try again."
        case .outside(let path, let project):
            return "\(Self.shown(path)) is not a place inside the project \(Self.shown(project)); "
                + "Kinora writes only inside it."
        }
    }

    /// The person can fix what stands in the project folder.
    public var isUserError: Bool { true }

    /// A path as it may appear on a terminal.
    private static func shown(_ path: String) -> String { TerminalText.sanitized(path) }
}
