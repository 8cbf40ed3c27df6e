/// Why the cast form's voice cannot be used, for the status line.
struct CastVoiceError: Error, Sendable, Equatable {
    /// What is wrong and what to write.
    var text: String
}
