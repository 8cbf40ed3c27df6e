import KinoraCore

/// Why a theme could not be loaded; every message names the file, the line and the key (or the
/// line and column, for a file that is not TOML), and says what to do.
///
/// Messages start as every settings error does (``TOMLFileError/place(file:line:column:key:)``):
/// `FILE:LINE: key: ...`.
public enum ThemeError: UserFacingError, Equatable {
    /// No folder searched holds `NAME.toml`.
    case notFound(name: String, directories: [String], available: [String])
    /// The name cannot be a theme's: themes are file names without `.toml`.
    case invalidName(String)
    /// The file exists but could not be read as UTF-8 text.
    case unreadable(file: String, reason: String)
    /// The file is not TOML: the line and column, and what to write instead.
    case toml(TOMLFileError)
    /// A key is in the wrong place (`inherits` under `[palette]`).
    case syntax(file: String, line: Int?, key: String?, problem: String)
    /// A scope is defined twice (`"ui.title"` and `[ui.title]` name the same scope).
    case duplicateKey(file: String, line: Int?, key: String, firstLine: Int?)
    /// A value is of the wrong kind (a number where a list of modifiers goes, say).
    case wrongType(file: String, line: Int?, key: String, expected: String, found: String)
    /// A colour that is neither `#rrggbb`, an ANSI name, a number 0–255 nor `default`.
    case badColor(file: String, line: Int?, key: String, value: String)
    /// A scope names a colour the palette does not define.
    case unknownPaletteName(file: String, line: Int?, key: String, name: String, palette: [String])
    /// A modifier other than bold, dim, underline, reverse and italic.
    case unknownModifier(file: String, line: Int?, key: String, modifier: String)
    /// A scope's table holds a field other than fg, bg and modifiers.
    case unknownField(file: String, line: Int?, key: String, field: String)
    /// `inherits` names a theme no folder holds.
    case parentNotFound(file: String, line: Int?, name: String, directories: [String])
    /// Themes inherit from each other in a circle; `chain` lists each theme and its file, in order.
    case inheritanceCycle(chain: [String], file: String, line: Int?)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .notFound(let name, let directories, let available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "No theme named \"\(name)\" (looked for \(name).toml in \(Self.list(directories))). "
                + "Themes found: \(list). Check the name, or add \(name).toml to ~/.config/kinora/themes/."
        case .invalidName(let name):
            return "\"\(name)\" is not a theme name: a theme is named by its file without .toml "
                + "(dark for dark.toml), with no / in it. Give a name such as dark or light."
        case .unreadable(let file, let reason):
            return "Could not read the theme \(file): \(reason). Save it as UTF-8 text and try again."
        case .toml(let error):
            return error.userMessage
        case .syntax(let file, let line, let key, let problem):
            return "\(Self.place(file, line, key)): \(problem)."
        case .duplicateKey(let file, let line, let key, let firstLine):
            let first = firstLine.map { "on line \($0)" } ?? "above"
            return "\(Self.place(file, line, key)): the scope \(key) is already defined \(first) "
                + "(\"\(key)\" = {...} and [\(key)] name the same scope). Keep one of the two."
        case .wrongType(let file, let line, let key, let expected, let found):
            return "\(Self.place(file, line, key)): expected \(expected), found \(found). Change the value."
        case .badColor(let file, let line, let key, let value):
            return "\(Self.place(file, line, key)): \"\(value)\" is not a colour. "
                + "Write #rrggbb, a palette name, \(Self.plainColors)."
        case .unknownPaletteName(let file, let line, let key, let name, let palette):
            let known =
                palette.isEmpty
                ? "the palette is empty" : "the palette has \(palette.joined(separator: ", "))"
            return "\(Self.place(file, line, key)): \"\(name)\" is not in the palette (\(known)). "
                + "Define it under [palette], or write #rrggbb, \(Self.plainColors)."
        case .unknownModifier(let file, let line, let key, let modifier):
            return "\(Self.place(file, line, key)): \"\(modifier)\" is not a modifier. "
                + "Use bold, dim, underline, reverse or italic."
        case .unknownField(let file, let line, let key, let field):
            return "\(Self.place(file, line, key)): a scope has no field \"\(field)\". "
                + "Use fg, bg and modifiers, as in { fg = \"text\", bg = \"bg\", modifiers = [\"bold\"] }."
        case .parentNotFound(let file, let line, let name, let directories):
            return "\(Self.place(file, line, "inherits")): no theme named \"\(name)\" "
                + "(looked for \(name).toml in \(Self.list(directories))). "
                + "Fix the name, add \(name).toml, or remove the inherits line."
        case .inheritanceCycle(let chain, let file, let line):
            return "\(Self.place(file, line, "inherits")): themes inherit from each other in a circle "
                + "(\(chain.joined(separator: " → "))). Remove the inherits line from one of them."
        }
    }

    /// Every theme error is the person's to fix: the theme files are theirs.
    public var isUserError: Bool { true }

    /// The colours that need no palette, as advice.
    private static let plainColors = "an ANSI name (red, bright-blue, gray ...), a number 0–255, or default"

    /// "FILE:LINE: KEY", as every settings error starts.
    private static func place(_ file: String, _ line: Int?, _ key: String?) -> String {
        TOMLFileError.place(file: file, line: line, key: key)
    }

    private static func list(_ directories: [String]) -> String {
        directories.isEmpty ? "no folders" : directories.joined(separator: ", ")
    }
}
