/// Reads the part of TOML that theme files use, keeping the line of every key.
///
/// Understood: `#` comments, `key = value`, bare, quoted and dotted keys (`ui.title`,
/// `"ui.title"`), `[table]` headers, basic strings with escapes, literal strings, integers,
/// booleans, arrays (over several lines if need be) and inline tables. Refused, with a message
/// saying so: multi-line strings, floats, dates and `[[arrays of tables]]`.
///
/// It does not build nested tables: each value comes back as an ``Entry`` holding its full key
/// path and its line, which is what a theme needs to say where a problem is. It is a little more
/// lenient than TOML in one way: `ui = {...}` and `ui.title = {...}` may both appear (a theme's
/// scopes nest that way).
struct TOMLReader {
    /// One `key = value` read from a file.
    struct Entry: Equatable, Sendable {
        /// The `[table]` header the key appeared under; empty at the top of the file and inside
        /// inline tables.
        var table: [String]
        /// The parts of the key: `a.b."c.d"` is `["a", "b", "c.d"]`.
        var key: [String]
        /// The value.
        var value: Value
        /// The line the key is on, counting from 1.
        var line: Int

        /// The table's parts followed by the key's.
        var path: [String] { table + key }
    }

    /// A value as TOML writes it.
    enum Value: Equatable, Sendable {
        /// A basic (`"..."`) or literal (`'...'`) string, escapes already applied.
        case string(String)
        /// A whole number.
        case integer(Int)
        /// `true` or `false`.
        case boolean(Bool)
        /// `[a, b, ...]`.
        case array([Value])
        /// `{ key = value, ... }`, in the order written.
        case table([Entry])

        /// What kind of value this is, in words, for messages.
        var kind: String {
            switch self {
            case .string: "a string"
            case .integer: "a number"
            case .boolean: "true or false"
            case .array: "a list"
            case .table: "a table"
            }
        }
    }

    /// Reads `text`, naming `file` in any error.
    ///
    /// - Throws: ``ThemeError/syntax(file:line:key:problem:)`` or
    ///   ``ThemeError/duplicateKey(file:line:key:firstLine:)``.
    static func read(_ text: String, file: String) throws(ThemeError) -> [Entry] {
        var reader = TOMLReader(scalars: Array(text.unicodeScalars), file: file)
        return try reader.document()
    }

    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    /// The key being read, as a person would write it; named in errors.
    private var currentKey: String?

    private init(scalars: [Unicode.Scalar], file: String) {
        self.scalars = scalars
        self.file = file
    }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(at offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func failure(_ problem: String) -> ThemeError {
        .syntax(file: file, line: line, key: currentKey, problem: problem)
    }

    // MARK: Document structure

    private mutating func document() throws(ThemeError) -> [Entry] {
        var entries: [Entry] = []
        var firstLines: [[String]: Int] = [:]
        var table: [String] = []
        if peek == "\u{FEFF}" { index += 1 }
        while let scalar = peek {
            switch scalar {
            case " ", "\t", "\r":
                index += 1
            case "\n":
                index += 1
                line += 1
            case "#":
                skipComment()
            case "[":
                currentKey = nil
                table = try header()
                try endOfLine()
            default:
                let entry = try keyValue(prefix: table)
                if let first = firstLines[entry.path] {
                    throw .duplicateKey(
                        file: file, line: entry.line, key: Self.display(entry.path), firstLine: first)
                }
                firstLines[entry.path] = entry.line
                entries.append(entry)
                try endOfLine()
                currentKey = nil
            }
        }
        return entries
    }

    private mutating func header() throws(ThemeError) -> [String] {
        index += 1
        if peek == "[" {
            throw failure("arrays of tables ([[...]]) are not used in theme files; use [name] headers")
        }
        skipSpaces()
        let path = try keyPath()
        skipSpaces()
        guard peek == "]" else {
            throw failure("the table header is not closed; write it as [name] on one line")
        }
        index += 1
        return path
    }

    /// After a value or header: only spaces and a comment may follow on the line.
    private mutating func endOfLine() throws(ThemeError) {
        skipSpaces()
        if peek == "#" { skipComment() }
        guard let scalar = peek, scalar != "\n" else { return }
        throw failure(
            "unexpected \(Self.shown(scalar)) after the value; put each key = value on its own line "
                + "(comments start with #)")
    }

    private mutating func keyValue(prefix: [String]) throws(ThemeError) -> Entry {
        let keyLine = line
        let key = try keyPath()
        let shownKey = Self.display(prefix + key)
        currentKey = shownKey
        skipSpaces()
        guard peek == "=" else {
            let found =
                peek.map { $0 == "\n" ? "the end of the line" : Self.shown($0) } ?? "the end of the file"
            throw failure("expected = after the key, found \(found); write key = value")
        }
        index += 1
        skipSpaces()
        let value = try value(path: prefix + key)
        currentKey = shownKey
        return Entry(table: prefix, key: key, value: value, line: keyLine)
    }

    private mutating func keyPath() throws(ThemeError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek == "." else { return parts }
            index += 1
            skipSpaces()
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(ThemeError) -> String {
        guard let scalar = peek else { throw failure("a key is missing at the end of the file") }
        switch scalar {
        case "\"":
            return try basicString()
        case "'":
            return try literalString()
        case _ where Self.isBare(scalar):
            var key = ""
            while let next = peek, Self.isBare(next) {
                key.unicodeScalars.append(next)
                index += 1
            }
            return key
        case "=":
            throw failure("a key is missing before =; write key = value")
        default:
            throw failure(
                "\(Self.shown(scalar)) cannot start a key; keys are letters, digits, - and _, "
                    + "or \"quoted\"")
        }
    }

    // MARK: Values

    private mutating func value(path: [String]) throws(ThemeError) -> Value {
        if peek == "#", peek(at: 1)?.properties.isASCIIHexDigit == true {
            throw failure("# starts a comment, so the value is missing; write colours in quotes: \"#rrggbb\"")
        }
        guard let scalar = peek, scalar != "\n", scalar != "#" else {
            throw failure(
                "the value is missing after =; give a \"string\", a number, true, false, [a list] "
                    + "or { a table }")
        }
        switch scalar {
        case "\"":
            if peek(at: 1) == "\"", peek(at: 2) == "\"" {
                throw failure("multi-line strings (\"\"\") are not used in theme files; use \"...\"")
            }
            return .string(try basicString())
        case "'":
            if peek(at: 1) == "'", peek(at: 2) == "'" {
                throw failure("multi-line strings (''') are not used in theme files; use '...'")
            }
            return .string(try literalString())
        case "[":
            return try array(path: path)
        case "{":
            return try inlineTable(path: path)
        case "+", "-", "0"..."9":
            return try number()
        default:
            let word = bareWord()
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "":
                throw failure(
                    "\(Self.shown(scalar)) cannot start a value; give a \"string\", a number, true, "
                        + "false, [a list] or { a table }")
            default:
                throw failure("text values need quotes: write \"\(word)\"")
            }
        }
    }

    private mutating func bareWord() -> String {
        var word = ""
        while let scalar = peek, Self.isBare(scalar) || scalar == "." {
            word.unicodeScalars.append(scalar)
            index += 1
        }
        return word
    }

    private mutating func number() throws(ThemeError) -> Value {
        var text = ""
        while let scalar = peek, Self.isBare(scalar) || "+.:".unicodeScalars.contains(scalar) {
            text.unicodeScalars.append(scalar)
            index += 1
        }
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let wellFormed =
            !digits.isEmpty && digits.first != "_" && digits.last != "_" && !digits.contains("__")
            && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
        guard wellFormed else {
            if text.contains(".") || text.lowercased().contains("e") && !text.lowercased().hasPrefix("0x") {
                throw failure("\(text) is not a whole number; theme files use whole numbers only")
            }
            throw failure("\(text) is not a number; write whole numbers like 42 or 1_000")
        }
        guard let magnitude = Int(digits.filter { $0 != "_" }) else {
            throw failure("\(text) is too large")
        }
        return .integer(negative ? -magnitude : magnitude)
    }

    private mutating func array(path: [String]) throws(ThemeError) -> Value {
        let startLine = line
        index += 1
        var items: [Value] = []
        while true {
            skipSpacesNewlinesAndComments()
            guard let scalar = peek else {
                line = startLine
                throw failure("the list that starts here is not closed; add ]")
            }
            if scalar == "]" {
                index += 1
                return .array(items)
            }
            items.append(try value(path: path))
            skipSpacesNewlinesAndComments()
            switch peek {
            case ",":
                index += 1
            case "]":
                index += 1
                return .array(items)
            case nil:
                line = startLine
                throw failure("the list that starts here is not closed; add ]")
            case let other?:
                throw failure("expected , or ] in the list, found \(Self.shown(other))")
            }
        }
    }

    private mutating func inlineTable(path: [String]) throws(ThemeError) -> Value {
        let startLine = line
        index += 1
        var entries: [Entry] = []
        var firstLines: [[String]: Int] = [:]
        while true {
            skipSpacesNewlinesAndComments()
            guard let scalar = peek else {
                line = startLine
                currentKey = Self.display(path)
                throw failure("the table that starts here is not closed; add }")
            }
            if scalar == "}" {
                index += 1
                return .table(entries)
            }
            var entry = try keyValue(prefix: path)
            entry.table = []
            if let first = firstLines[entry.key] {
                throw .duplicateKey(
                    file: file, line: entry.line, key: Self.display(path + entry.key), firstLine: first)
            }
            firstLines[entry.key] = entry.line
            entries.append(entry)
            skipSpacesNewlinesAndComments()
            switch peek {
            case ",":
                index += 1
            case "}":
                index += 1
                return .table(entries)
            case nil:
                line = startLine
                currentKey = Self.display(path)
                throw failure("the table that starts here is not closed; add }")
            case let other?:
                throw failure("expected , or } in the table, found \(Self.shown(other))")
            }
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(ThemeError) -> String {
        index += 1
        var text = ""
        while true {
            guard let scalar = peek, scalar != "\n" else {
                throw failure("the string is not closed; add a closing \" before the end of the line")
            }
            index += 1
            switch scalar {
            case "\"":
                return text
            case "\\":
                text.unicodeScalars.append(try escape())
            default:
                text.unicodeScalars.append(scalar)
            }
        }
    }

    private mutating func escape() throws(ThemeError) -> Unicode.Scalar {
        guard let scalar = peek, scalar != "\n" else {
            throw failure("the string is not closed; add a closing \" before the end of the line")
        }
        index += 1
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "e": return "\u{1B}"
        case "u": return try unicodeEscape(digits: 4)
        case "U": return try unicodeEscape(digits: 8)
        default:
            throw failure("\\\(scalar) is not an escape TOML knows; write \\\\ for a backslash")
        }
    }

    private mutating func unicodeEscape(digits: Int) throws(ThemeError) -> Unicode.Scalar {
        var hex = ""
        for _ in 0..<digits {
            guard let scalar = peek, scalar.properties.isASCIIHexDigit else { break }
            hex.unicodeScalars.append(scalar)
            index += 1
        }
        guard hex.count == digits, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value)
        else {
            let form = digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX"
            throw failure("a unicode escape needs \(digits) hex digits naming a character (\(form))")
        }
        return scalar
    }

    private mutating func literalString() throws(ThemeError) -> String {
        index += 1
        var text = ""
        while true {
            guard let scalar = peek, scalar != "\n" else {
                throw failure("the string is not closed; add a closing ' before the end of the line")
            }
            index += 1
            if scalar == "'" { return text }
            text.unicodeScalars.append(scalar)
        }
    }

    // MARK: Spaces and comments

    private mutating func skipSpaces() {
        while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\r" { index += 1 }
    }

    private mutating func skipComment() {
        while let scalar = peek, scalar != "\n" { index += 1 }
    }

    private mutating func skipSpacesNewlinesAndComments() {
        while let scalar = peek {
            switch scalar {
            case " ", "\t", "\r": index += 1
            case "\n":
                index += 1
                line += 1
            case "#": skipComment()
            default: return
            }
        }
    }

    // MARK: Helpers

    private static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_": true
        default: false
        }
    }

    /// A character quoted for a message; invisible ones by their code.
    private static func shown(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.isWhitespace || scalar.value < 0x20
            ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "\"\(scalar)\""
    }

    /// A key path as a person would write it: parts joined with dots.
    static func display(_ path: [String]) -> String { path.joined(separator: ".") }
}
