import KinoraCore

/// A settings file (a theme, `keys.toml`, `studio.toml`) that cannot be used: where the problem
/// is, what it is and what to write instead.
///
/// Every TOML file Kinora reads words its errors the same way:
/// `FILE:LINE:COLUMN: problem; remedy.` for a file that is not TOML, and
/// `FILE:LINE: key.path: problem; remedy.` for a value Kinora cannot use.
public struct TOMLFileError: UserFacingError, Equatable, Sendable {
    /// The file, as given to the reader.
    public var file: String
    /// The line, counting from 1, when known.
    public var line: Int?
    /// The column, counting from 1; given for syntax errors.
    public var column: Int?
    /// The key path as a person writes it (`ui.title.fg`, `shots.ctrl-n`); nil for syntax errors.
    public var key: String?
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var remedy: String

    /// An error at `line` (and `column`) of `file`, about `key` when there is one.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, problem: String,
        remedy: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.problem = problem
        self.remedy = remedy
    }

    /// `FILE:LINE:COLUMN: key: problem; remedy.`
    public var userMessage: String {
        "\(Self.place(file: file, line: line, column: column, key: key)): \(problem); \(remedy)."
    }

    /// The file is the person's to fix.
    public var isUserError: Bool { true }

    /// Where something is, as every settings error starts: `FILE:LINE:COLUMN: key`, leaving out
    /// the parts that are not known.
    public static func place(file: String, line: Int?, column: Int? = nil, key: String? = nil) -> String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        if let key { place += ": \(key)" }
        return place
    }

    /// A key path as a person would write it: the parts joined with dots, a part quoted when it
    /// is empty or holds characters other than letters, digits, `-`, `_` and inner dots
    /// (`shots."?"`, `ui.title.fg`).
    public static func display(_ path: [String]) -> String {
        path.map { part in
            let plain =
                !part.isEmpty && !part.hasPrefix(".") && !part.hasSuffix(".")
                && part.unicodeScalars.allSatisfy { scalar in
                    switch scalar {
                    case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": true
                    default: false
                    }
                }
            return plain ? part : TOMLLineRewrite.quoted(part)
        }.joined(separator: ".")
    }
}
