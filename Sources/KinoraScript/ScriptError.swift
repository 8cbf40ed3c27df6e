import KinoraCore

/// A script that cannot be read: the file, the line when there is one, and what to do.
public struct ScriptError: UserFacingError, Equatable {
    /// The file, as given.
    public var file: String
    /// The line (1-based) the problem is on, when it is on one.
    public var line: Int?
    /// What is wrong and what to do.
    public var reason: String

    /// An error for `file` at `line`.
    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `script.fountain, line 12: …`.
    public var userMessage: String {
        "\(TerminalText.sanitized(file))\(line.map { ", line \($0)" } ?? ""): \(reason)"
    }

    /// The person chose the file.
    public var isUserError: Bool { true }
}
