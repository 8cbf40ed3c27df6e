import KinoraCore
import KinoraEngine

/// Why a take could not be made; every message names the shot field, file or backend and what to do.
public enum GenerationError: UserFacingError, Equatable {
    /// The backend cannot serve this request.
    case unsupported(backend: String, reason: String)
    /// No backend is configured under that name.
    case unknownBackend(name: String, known: [String])
    /// The shot's source is missing or broken.
    case badSource(path: String, reason: String)
    /// The run was cancelled; nothing was kept.
    case cancelled
    /// The engine failed while running.
    case failed(reason: String)
    /// A job Kinora left on a remote engine is no longer known there (the server restarted or forgot
    /// it): the take is interrupted and must be made again.
    case jobGone(endpoint: String, id: String)
    /// The remote engine that has the take's job could not be reached, or answered with a passing fault
    /// (a lost connection, a TLS or gateway error): the job is kept, to be collected next time.
    case jobOutOfReach(endpoint: String, reason: String)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .unsupported(let backend, let reason):
            return "The \(backend) backend cannot make this take: \(reason)."
        case .unknownBackend(let name, let known):
            return "No backend called \"\(name)\". Known backends: \(known.joined(separator: ", "))."
        case .badSource(let path, let reason):
            return "The shot's source \(path) cannot be used: \(reason)"
        case .cancelled:
            return "Generation was cancelled; no take was kept."
        case .failed(let reason):
            return "Generation failed: \(reason)"
        case .jobGone(let endpoint, let id):
            return "The job \(TerminalText.sanitized(id)) that was making this take is no longer known at "
                + "\(TerminalText.sanitized(endpoint)) (the server restarted or dropped it, or Kinora stopped before "
                + "sending it); make the take again with `kinora regen` or `kinora gen`."
        case .jobOutOfReach(let endpoint, let reason):
            return "Lost touch with \(TerminalText.sanitized(endpoint)) while this take's job was there ("
                + TerminalText.sanitized(reason) + "); the job is kept, and the next `kinora gen` or studio "
                + "session on the project collects it."
        }
    }

    /// A cancel is the person's own doing; other failures may be theirs to fix too.
    public var isUserError: Bool { true }
}

extension GenerationError {
    /// The built-in engine's `error` as a generation error of `backend`, with the same message.
    init(_ error: EngineError, backend: String) {
        switch error {
        case .badParameter(let reason):
            self = .unsupported(backend: backend, reason: reason)
        case .badSource(let path, let reason):
            self = .badSource(path: path, reason: reason)
        case .cancelled:
            self = .cancelled
        }
    }
}
