/// One theme file as written: its parent, palette and scopes, before inheritance and palette
/// names are resolved.
///
/// Top-level keys other than `inherits` are scopes (`"ui.title" = { fg = "accent" }`); keys under
/// `[palette]` are colours. A scope may also be written as a table of its own (`[ui.title]` then
/// `fg = "accent"`), and a bare string or number is short for `{ fg = ... }`.
struct ThemeFile: Sendable {
    /// Where something was written, for messages.
    struct Origin: Equatable, Sendable {
        /// The file, as given to the reader.
        var file: String
        /// The line, counting from 1.
        var line: Int
        /// The key, as a person would write it (`ui.title.fg`).
        var key: String
    }

    /// A colour as a scope writes it; a text is looked up in the palette once the palette is known.
    struct ColorReference: Equatable, Sendable {
        /// How the colour was written.
        enum Written: Equatable, Sendable {
            /// A palette name, `#rrggbb`, an ANSI name, a number in quotes or `default`.
            case text(String)
            /// A number without quotes.
            case number(Int)
        }

        /// How the colour was written.
        var written: Written
        /// Where.
        var origin: Origin
    }

    /// A scope as written; a field left `nil` falls back to the parent scope's.
    struct ScopeDefinition: Equatable, Sendable {
        /// The text colour.
        var foreground: ColorReference?
        /// The background colour.
        var background: ColorReference?
        /// The modifiers; an empty list is given, and stops the parent's applying.
        var attributes: CellStyle.Attributes?
        /// Where the scope is defined.
        var origin: Origin
    }

    /// The theme a file inherits from, and the line that says so.
    struct Parent: Equatable, Sendable {
        /// The theme's name: its file name without `.toml`.
        var name: String
        /// The line of `inherits`.
        var line: Int
    }

    /// The modifiers a scope may list.
    static let modifiers: [String: CellStyle.Attributes] = [
        "bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse, "italic": .italic,
    ]

    /// The file, as named in messages.
    let file: String
    /// The theme this one inherits from, if any.
    private(set) var parent: Parent?
    /// The palette: names and the colours they stand for.
    private(set) var palette: [String: TerminalColor] = [:]
    /// The scopes, by dotted name.
    private(set) var scopes: [String: ScopeDefinition] = [:]

    /// Reads a theme file's text; `file` is named in errors.
    ///
    /// - Throws: ``ThemeError`` naming the file, line and key of the first problem.
    init(text: String, file: String) throws(ThemeError) {
        self.file = file
        // Scopes written as one value, by name, with their line: a second definition is an error.
        var wholeScopes: [String: Int] = [:]
        for entry in try TOMLReader.read(text, file: file) {
            let path = entry.path
            let key = TOMLReader.display(path)
            if path == ["inherits"] {
                guard case .string(let name) = entry.value else {
                    throw wrongType(entry, key: key, expected: "a theme name in quotes, such as \"dark\"")
                }
                parent = Parent(name: name, line: entry.line)
            } else if path.first == "palette" {
                try readPaletteEntry(entry, key: key)
            } else if !entry.table.isEmpty, entry.key.count == 1,
                ["fg", "bg", "modifiers"].contains(entry.key[0])
            {
                // `[ui.title]` then `fg = "accent"`: a field of the scope named by the header.
                let name = TOMLReader.display(entry.table)
                if let first = wholeScopes[name] {
                    throw .duplicateKey(file: file, line: entry.line, key: name, firstLine: first)
                }
                var scope =
                    scopes[name] ?? ScopeDefinition(origin: Origin(file: file, line: entry.line, key: name))
                try setField(entry.key[0], of: &scope, to: entry.value, line: entry.line, key: key)
                scopes[name] = scope
            } else {
                if let existing = scopes[key] {
                    throw .duplicateKey(
                        file: file, line: entry.line, key: key, firstLine: existing.origin.line)
                }
                wholeScopes[key] = entry.line
                scopes[key] = try scope(entry, key: key)
            }
        }
    }

    private mutating func readPaletteEntry(_ entry: TOMLReader.Entry, key: String) throws(ThemeError) {
        let expected = "a colour such as \"#89b4fa\" (scopes go above [palette], at the top of the file)"
        guard entry.path.count == 2 else {
            let found = entry.path.count == 1 ? entry.value.kind : "a dotted name"
            throw .wrongType(file: file, line: entry.line, key: key, expected: expected, found: found)
        }
        let color: TerminalColor?
        let shown: String
        switch entry.value {
        case .string(let text):
            color = TerminalColor(themeText: text)
            shown = text
        case .integer(let number):
            color = TerminalColor.numbered(number)
            shown = String(number)
        default:
            throw wrongType(entry, key: key, expected: expected)
        }
        guard let color else {
            if entry.path[1] == "inherits" {
                throw .syntax(
                    file: file, line: entry.line, key: key,
                    problem: "inherits belongs at the top of the file, before [palette]; move it up")
            }
            throw .badColor(file: file, line: entry.line, key: key, value: shown)
        }
        palette[entry.path[1]] = color
    }

    private func scope(_ entry: TOMLReader.Entry, key: String) throws(ThemeError) -> ScopeDefinition {
        var scope = ScopeDefinition(origin: Origin(file: file, line: entry.line, key: key))
        switch entry.value {
        case .string, .integer:
            try setField("fg", of: &scope, to: entry.value, line: entry.line, key: key)
        case .table(let fields):
            for field in fields {
                let fieldKey = TOMLReader.display(field.path)
                guard field.key.count == 1 else {
                    throw .unknownField(file: file, line: field.line, key: key, field: fieldKey)
                }
                try setField(
                    field.key[0], of: &scope, to: field.value, line: field.line, key: "\(key).\(fieldKey)")
            }
        default:
            throw wrongType(
                entry, key: key,
                expected: "a style such as { fg = \"text\", bg = \"bg\", modifiers = [\"bold\"] }")
        }
        return scope
    }

    private func setField(
        _ field: String, of scope: inout ScopeDefinition, to value: TOMLReader.Value, line: Int, key: String
    ) throws(ThemeError) {
        let origin = Origin(file: file, line: line, key: key)
        switch field {
        case "fg", "bg":
            let written: ColorReference.Written
            switch value {
            case .string(let text): written = .text(text)
            case .integer(let number): written = .number(number)
            default:
                throw .wrongType(
                    file: file, line: line, key: key, expected: "a colour in quotes, such as \"accent\"",
                    found: value.kind)
            }
            let reference = ColorReference(written: written, origin: origin)
            if field == "fg" { scope.foreground = reference } else { scope.background = reference }
        case "modifiers":
            scope.attributes = try attributes(value, origin: origin)
        default:
            throw .unknownField(file: file, line: line, key: scope.origin.key, field: field)
        }
    }

    private func attributes(_ value: TOMLReader.Value, origin: Origin) throws(ThemeError)
        -> CellStyle.Attributes
    {
        let items: [TOMLReader.Value]
        switch value {
        case .array(let list): items = list
        case .string: items = [value]
        default:
            throw .wrongType(
                file: file, line: origin.line, key: origin.key,
                expected: "a list such as [\"bold\", \"underline\"]",
                found: value.kind)
        }
        var attributes: CellStyle.Attributes = []
        for item in items {
            guard case .string(let name) = item else {
                throw .wrongType(
                    file: file, line: origin.line, key: origin.key,
                    expected: "modifier names in quotes, such as \"bold\"",
                    found: item.kind)
            }
            guard let modifier = Self.modifiers[name.lowercased()] else {
                throw .unknownModifier(file: file, line: origin.line, key: origin.key, modifier: name)
            }
            attributes.formUnion(modifier)
        }
        return attributes
    }

    private func wrongType(_ entry: TOMLReader.Entry, key: String, expected: String) -> ThemeError {
        .wrongType(file: file, line: entry.line, key: key, expected: expected, found: entry.value.kind)
    }
}
