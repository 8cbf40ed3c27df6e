/// An error that knows how to explain itself to a person.
///
/// Every module's errors conform, so the CLI and the studio can show one clear sentence
/// (naming the file, field or key and what to do) and choose the exit code without
/// knowing where the error came from.
public protocol UserFacingError: Error {
    /// What went wrong and what to do about it; already names the file, field or key.
    var userMessage: String { get }
    /// `true` when the person can fix it (bad input, missing tool): the CLI exits 1.
    /// `false` for anything else (a bug, the machine): the CLI exits 2.
    var isUserError: Bool { get }
}
