import KinoraCore

/// A studio setting that cannot be used: the message names the file and what to write.
struct StudioConfigError: Error, UserFacingError {
    var message: String
    var userMessage: String { message }
    var isUserError: Bool { true }
}
