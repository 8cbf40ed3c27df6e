import KinoraCore

/// A backend configuration Kinora cannot use; the message names the file, the entry and the key.
public enum BackendConfigError: UserFacingError, Equatable {
    /// Something in a configuration file is wrong.
    case invalid(place: String, reason: String)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .invalid(let place, let reason): "\(place): \(reason)."
        }
    }

    /// The person can fix their configuration.
    public var isUserError: Bool { true }
}
