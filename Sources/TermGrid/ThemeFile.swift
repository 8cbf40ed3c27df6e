/// One theme file as written: its parent, palette and scopes, before inheritance and palette
/// names are resolved.
///
/// The file is read with ``TOMLDocument``. Top-level keys other than `inherits` and `palette` are
/// scopes (`"ui.title" = { fg = "accent" }`); keys under `[palette]` are colours. A scope may also
/// be written as a table of its own (`[ui.title]` then `fg = "accent"`) or with bare dotted keys
/// (`ui.title.fg = "accent"`); a scope's name is its key path joined with dots, so `"ui.title"`,
/// `ui.title` and `[ui.title]` all name the same scope. A bare string or number is short for
/// `{ fg = ... }`.
struct ThemeFile: Sendable {
    /// Where something was written, for messages.
    struct Origin: Equatable, Sendable {
        /// The file it is in.
        var document: TOMLDocument
        /// Its key path as TOML reads it (`["ui.title", "fg"]` or `["ui", "title", "fg"]`).
        var path: [String]

        /// The file, as given to the reader.
        var file: String { document.file }
        /// The key, as a person would write it (`ui.title.fg`).
        var key: String { TOMLFileError.display(path) }
        /// The line, counting from 1; found by reading the file again, so only for messages.
        var line: Int? { document.line(of: path) }
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

    /// The theme a file inherits from, and where it says so.
    struct Parent: Equatable, Sendable {
        /// The theme's name: its file name without `.toml`.
        var name: String
        /// The `inherits` key.
        var origin: Origin
    }

    /// The modifiers a scope may list.
    static let modifiers: [String: CellStyle.Attributes] = [
        "bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse, "italic": .italic,
    ]

    /// The fields of a scope's style.
    static let fields: Set<String> = ["fg", "bg", "modifiers"]

    /// The file as read.
    let document: TOMLDocument
    /// The theme this one inherits from, if any.
    private(set) var parent: Parent?
    /// The palette: names and the colours they stand for.
    private(set) var palette: [String: TerminalColor] = [:]
    /// The scopes, by dotted name.
    private(set) var scopes: [String: ScopeDefinition] = [:]

    /// The file, as named in messages.
    var file: String { document.file }

    /// Reads a theme file's text; `file` is named in errors.
    ///
    /// - Throws: ``ThemeError`` naming the file, line and key of the problem: ``ThemeError/toml(_:)``
    ///   with the line and column when the text is not TOML.
    init(text: String, file: String) throws(ThemeError) {
        do {
            document = try TOMLDocument(text: text, file: file)
        } catch {
            throw .toml(error)
        }
        for (key, value) in document.root.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "inherits":
                guard case .string(let name) = value else {
                    throw wrongType(["inherits"], value, expected: "a theme name in quotes, such as \"dark\"")
                }
                parent = Parent(name: name, origin: origin(["inherits"]))
            case "palette":
                guard case .table(let entries, _) = value else {
                    throw wrongType(
                        ["palette"], value,
                        expected: "a [palette] table of colours, such as accent = \"#89b4fa\"")
                }
                for (name, color) in entries.sorted(by: { $0.key < $1.key }) {
                    try readPaletteEntry(name, color)
                }
            default:
                try readScope([key], value)
            }
        }
    }

    private func origin(_ path: [String]) -> Origin {
        Origin(document: document, path: path)
    }

    private mutating func readPaletteEntry(_ name: String, _ value: TOMLDocument.Value) throws(ThemeError) {
        let path = ["palette", name]
        let color: TerminalColor?
        let shown: String
        switch value {
        case .string(let text):
            color = TerminalColor(themeText: text)
            shown = text
        case .integer(let number):
            color = TerminalColor.numbered(number)
            shown = String(number)
        default:
            let origin = origin(path)
            let found: String
            if case .table(_, inline: false) = value { found = "a dotted name" } else { found = value.kind }
            throw .wrongType(
                file: file, line: origin.line, key: origin.key,
                expected: "a colour such as \"#89b4fa\" (scopes go above [palette], at the top of the file)",
                found: found)
        }
        guard let color else {
            let origin = origin(path)
            if name == "inherits" {
                throw .syntax(
                    file: file, line: origin.line, key: origin.key,
                    problem: "inherits belongs at the top of the file, before [palette]; move it up")
            }
            throw .badColor(file: file, line: origin.line, key: origin.key, value: shown)
        }
        palette[name] = color
    }

    /// The scope at `path` and, for a table that is not inline, the scopes below it.
    private mutating func readScope(_ path: [String], _ value: TOMLDocument.Value) throws(ThemeError) {
        switch value {
        case .string, .integer:
            var scope = ScopeDefinition(origin: origin(path))
            try setField("fg", of: &scope, to: value, path: path)
            try define(scope)
        case .table(let fields, inline: true):
            var scope = ScopeDefinition(origin: origin(path))
            for (field, fieldValue) in fields.sorted(by: { $0.key < $1.key }) {
                guard Self.fields.contains(field) else {
                    let origin = origin(path)
                    throw .unknownField(file: file, line: origin.line, key: origin.key, field: field)
                }
                try setField(field, of: &scope, to: fieldValue, path: path + [field])
            }
            try define(scope)
        case .table(let entries, inline: false):
            // `[ui.title]` then `fg = "accent"`: fg, bg and modifiers are the scope's own fields;
            // other keys are scopes below it.
            let own = entries.filter { Self.fields.contains($0.key) }
            if !own.isEmpty {
                var scope = ScopeDefinition(origin: origin(path))
                for (field, fieldValue) in own.sorted(by: { $0.key < $1.key }) {
                    try setField(field, of: &scope, to: fieldValue, path: path + [field])
                }
                try define(scope)
            }
            for (child, childValue) in entries.sorted(by: { $0.key < $1.key })
            where !Self.fields.contains(child) {
                try readScope(path + [child], childValue)
            }
        default:
            throw wrongType(
                path, value,
                expected: "a style such as { fg = \"text\", bg = \"bg\", modifiers = [\"bold\"] }")
        }
    }

    /// Adds `scope`, refusing a second definition of the same name (`"ui.title"` and
    /// `[ui.title]` name the same scope).
    private mutating func define(_ scope: ScopeDefinition) throws(ThemeError) {
        let name = scope.origin.path.joined(separator: ".")
        if let existing = scopes[name] {
            let lines = [existing.origin.line, scope.origin.line].compactMap { $0 }.sorted()
            throw .duplicateKey(
                file: file, line: lines.last, key: name, firstLine: lines.count == 2 ? lines.first : nil)
        }
        scopes[name] = scope
    }

    private func setField(
        _ field: String, of scope: inout ScopeDefinition, to value: TOMLDocument.Value, path: [String]
    ) throws(ThemeError) {
        let origin = origin(path)
        switch field {
        case "fg", "bg":
            let written: ColorReference.Written
            switch value {
            case .string(let text): written = .text(text)
            case .integer(let number): written = .number(number)
            default:
                throw wrongType(path, value, expected: "a colour in quotes, such as \"accent\"")
            }
            let reference = ColorReference(written: written, origin: origin)
            if field == "fg" { scope.foreground = reference } else { scope.background = reference }
        default:
            scope.attributes = try attributes(value, origin: origin)
        }
    }

    private func attributes(_ value: TOMLDocument.Value, origin: Origin) throws(ThemeError)
        -> CellStyle.Attributes
    {
        let items: [TOMLDocument.Value]
        switch value {
        case .array(let list): items = list
        case .string: items = [value]
        default:
            throw wrongType(origin.path, value, expected: "a list such as [\"bold\", \"underline\"]")
        }
        var attributes: CellStyle.Attributes = []
        for item in items {
            guard case .string(let name) = item else {
                throw wrongType(origin.path, item, expected: "modifier names in quotes, such as \"bold\"")
            }
            guard let modifier = Self.modifiers[name.lowercased()] else {
                throw .unknownModifier(file: file, line: origin.line, key: origin.key, modifier: name)
            }
            attributes.formUnion(modifier)
        }
        return attributes
    }

    private func wrongType(_ path: [String], _ value: TOMLDocument.Value, expected: String) -> ThemeError {
        let origin = origin(path)
        return .wrongType(
            file: file, line: origin.line, key: origin.key, expected: expected, found: value.kind)
    }
}
