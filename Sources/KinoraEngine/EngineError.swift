import KinoraCore

/// Why the built-in engine could not make a take. The words are the same as the generation errors
/// the backend reports, so a person reads one message whichever layer caught it.
public enum EngineError: UserFacingError, Equatable {
    /// A `param.NAME` value the engine does not read, or one out of its range.
    case badParameter(reason: String)
    /// The shot's source is missing or broken.
    case badSource(path: String, reason: String)
    /// The run was cancelled; nothing was kept.
    case cancelled

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .badParameter(let reason):
            return "The builtin backend cannot make this take: \(reason)."
        case .badSource(let path, let reason):
            return "The shot's source \(path) cannot be used: \(reason)"
        case .cancelled:
            return "Generation was cancelled; no take was kept."
        }
    }

    /// Each is the person's to fix (or their own doing, for a cancel).
    public var isUserError: Bool { true }
}
