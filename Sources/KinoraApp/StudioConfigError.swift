import KinoraCore

/// A studio setting that cannot be used: the message names the file and what to write.
struct StudioConfigError: Error, UserFacingError {
    /// The sentence shown on the shell.
    var message: String
    /// What the person reads: the message as written.
    var userMessage: String { message }
    /// The person can fix the setting, so the command line exits with 1.
    var isUserError: Bool { true }
}
