import KinoraCore

/// An option given with a format it does not go with (`--per-page` for a CSV, `--music` for an EDL),
/// found once the output's format is known: said in plain words rather than as a usage error, which
/// would print the top-level usage instead of the command's.
struct OptionMismatchError: UserFacingError {
    /// What is wrong and what to do.
    let userMessage: String

    /// The person chose the options.
    var isUserError: Bool { true }
}
