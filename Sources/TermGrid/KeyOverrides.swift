/// The user's key bindings file (`~/.config/kinora/keys.toml`) as read: for each section (a pane,
/// or `global`), key names and the command names they run.
///
/// ```toml
/// [global]
/// "ctrl-n" = "shot.add"
/// x = "none"
/// ```
///
/// Keys written before the first `[section]` belong to `[global]`, as they always have. This type
/// checks only that the file is TOML of that shape; which sections, keys and commands exist is
/// the keymap's to decide, and ``error(section:key:problem:remedy:)`` words what it finds wrong.
public struct KeyOverrides: Sendable, Equatable {
    /// The section keys written before any `[section]` belong to.
    public static let topLevelSection = "global"

    /// For each section, each key name and the command name it runs (`"none"` removes a binding).
    public private(set) var sections: [String: [String: String]] = [:]
    /// The file as read.
    public let document: TOMLDocument
    /// The keys written before any `[section]`.
    private var topLevelKeys: Set<String> = []

    /// Reads the keys file's `text`; `file` is named in errors.
    ///
    /// - Throws: ``TOMLFileError`` when the text is not TOML (with the line rewritten when it was
    ///   written the way Kinora used to accept, such as `? = help`), when a command is not a name
    ///   in quotes, or when a key is bound twice in one section.
    public init(text: String, file: String) throws(TOMLFileError) {
        document = try TOMLDocument(text: text, file: file)
        for (name, value) in document.root.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .table(let bindings, _):
                if sections[name] == nil { sections[name] = [:] }
                for (key, command) in bindings.sorted(by: { $0.key < $1.key }) {
                    try bind(key, to: command, in: name, path: [name, key])
                }
            default:
                try bind(name, to: value, in: Self.topLevelSection, path: [name])
                topLevelKeys.insert(name)
            }
        }
    }

    /// An error about `key` in `section` (or about the section itself when `key` is nil), naming
    /// the file, the line and the key path.
    public func error(section: String, key: String?, problem: String, remedy: String) -> TOMLFileError {
        document.error(at: path(section: section, key: key), problem: problem, remedy: remedy)
    }

    /// Where `key` of `section` is written: under its `[section]`, or at the top of the file.
    private func path(section: String, key: String?) -> [String] {
        guard let key else { return [section] }
        // A key may not be both at the top and under [global]; that is refused while reading.
        return section == Self.topLevelSection && topLevelKeys.contains(key) ? [key] : [section, key]
    }

    /// `key` and the keys of the tables below it while each holds one key: `ctrl.x = "..."`
    /// reads as `ctrl` holding `x`, and was meant as `ctrl.x`.
    private static func dottedName(_ key: String, _ value: TOMLDocument.Value) -> String {
        guard case .table(let entries, _) = value, entries.count == 1, let (next, nested) = entries.first
        else {
            return key
        }
        return key + "." + dottedName(next, nested)
    }

    /// Records `key = value` of `section`, written at `path`.
    private mutating func bind(
        _ key: String, to value: TOMLDocument.Value, in section: String, path: [String]
    ) throws(TOMLFileError) {
        let shownKey = TOMLFileError.display([key])
        guard case .string(let command) = value else {
            if case .table = value {
                let error = document.error(
                    at: path, problem: "this is a table, not a command",
                    remedy: "for a key name with a dot, put it in quotes: "
                        + "\(TOMLLineRewrite.quoted(Self.dottedName(key, value))) = \"COMMAND\"")
                guard let line = error.line,
                    document.source.line(line).trimmingCharacters(in: .whitespaces).hasPrefix("[")
                else { throw error }
                throw TOMLFileError(
                    file: document.file, line: line, key: error.key,
                    problem: "[\(TOMLFileError.display(path))] is a section inside a section",
                    remedy:
                        "sections do not nest: put these keys under [\(section)] or another pane's section")
            }
            throw document.error(
                at: path, problem: "the command must be a name in quotes, found \(value.kind)",
                remedy: "write \(shownKey) = \"COMMAND\" with a command name from ? or :, or \"none\"")
        }
        if sections[section]?[key] != nil {
            // Written once at the top of the file and once under [global].
            let other = path.count == 1 ? [section, key] : [key]
            let otherLine = document.line(of: other).map { "line \($0)" } ?? "another line"
            throw document.error(
                at: path,
                problem: "\(shownKey) is bound in [\(section)] twice: here and on \(otherLine) "
                    + "(keys at the top of the file are [\(section)]'s)",
                remedy: "keep one of the two")
        }
        sections[section, default: [:]][key] = command
    }
}
