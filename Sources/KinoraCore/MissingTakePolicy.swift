/// What an export does with a shot whose take is missing, unfinished or unreadable.
public enum MissingTakePolicy: String, Sendable, CaseIterable, Codable {
    /// Put a slate (label and prompt) in its place, for the shot's duration.
    case slate
    /// Leave the shot out.
    case skip
    /// Stop with an error naming the shot.
    case stop

    /// The accepted names, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What it does, in a few words, for help screens and the export dialog.
    public var summary: String {
        switch self {
        case .slate: "a slate stands in for the shot"
        case .skip: "the shot is left out"
        case .stop: "the export stops, naming the shot"
        }
    }
}
