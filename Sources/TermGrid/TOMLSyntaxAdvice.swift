import Foundation

/// Turns toml++'s parse errors ("Error while parsing value: could not determine value type") into
/// a ``TOMLFileError`` a person can act on: the line and column, the problem in plain words, and
/// what to write — the line itself, rewritten, when ``TOMLLineRewrite`` finds a form that reads.
struct TOMLSyntaxAdvice {
    /// The file's text.
    let source: TOMLSourceLines
    /// The file, as named in messages.
    let file: String

    /// The error for `failure`.
    func error(for failure: TOMLParse.Failure) -> TOMLFileError {
        var line = failure.line
        var column = failure.column
        // toml++ finds a header that clashes with a value once it has read the header's line, and
        // reports the start of the next one; the header is the line to show.
        if failure.context == "table header", column == 1, line > 1,
            !source.line(line).trimmingCharacters(in: .whitespaces).hasPrefix("["),
            source.line(line - 1).trimmingCharacters(in: .whitespaces).hasPrefix("[")
        {
            line -= 1
            column = source.line(line).prefix { $0 == " " || $0 == "\t" }.count + 1
        }
        var (problem, remedy) = explain(failure.detail, context: failure.context, line: line, column: column)
        if let rewrite = TOMLLineRewrite.suggest(for: source, at: line) {
            let why = rewrite.reasons.joined(separator: "; ")
            remedy =
                rewrite.lastLine > rewrite.firstLine
                ? "write lines \(rewrite.firstLine)–\(rewrite.lastLine) as one: \(rewrite.text) (\(why))"
                : "write \(rewrite.text) (\(why))"
        }
        return TOMLFileError(file: file, line: line, column: column, problem: problem, remedy: remedy)
    }

    /// The character in "..., saw 'X'", shown for a message.
    private static func seen(in detail: String) -> String? {
        guard let start = detail.range(of: "saw '"), let end = detail.range(of: "'", options: .backwards),
            start.upperBound <= end.lowerBound
        else { return nil }
        let text = String(detail[start.upperBound..<end.lowerBound])
        switch text {
        case "\\n", "\\r\\n": return "the end of the line"
        case "\\t": return "a tab"
        default: return "\"\(text)\""
        }
    }

    /// The problem and the remedy for toml++'s `detail`, raised while reading a `context` (a
    /// string, a key, an inline table ...) at `line` and `column`.
    private func explain(_ detail: String, context: String, line: Int, column: Int)
        -> (problem: String, remedy: String)
    {
        let seen = Self.seen(in: detail) ?? "it"
        let text = source.line(line)
        switch true {
        case detail.hasPrefix(TOMLParse.headerWithoutName):
            return (
                detail,
                "write the name after [ (as in [shots]); a key that starts with [ goes in quotes: \"[\" = ..."
            )
        case detail.hasPrefix(TOMLParse.braceInList):
            return (detail, "end the list with ] (} ends an inline table { ... })")
        case detail.hasPrefix("expected keys, tables, whitespace or comments"):
            return (
                "\(seen) cannot start a key",
                "keys other than letters, digits, - and _ go in quotes, as in \"?\" = \"help\""
            )
        case detail.hasPrefix("expected bare key starting character"):
            return (
                "a key is missing, or holds a character keys cannot have without quotes",
                "keys other than letters, digits, - and _ go in quotes, as in \"alt-.\" = ..."
            )
        case detail.contains("could not determine value type") || detail.hasPrefix("expected 'nan'")
            || detail.hasPrefix("expected 'inf'") || detail.hasPrefix("expected 'true'")
            || detail.hasPrefix("expected 'false'"):
            return (
                "the value is not a string, number, true, false, [list] or { table }", "text goes in quotes"
            )
        case detail.hasPrefix("unescaped control characters"):
            if column > text.count {
                return ("the string is not closed", "add the closing quote before the end of the line")
            }
            return (
                "the string holds a control character", "write it as \\u and four hex digits, such as \\u001b"
            )
        case detail.contains("escape sequence '\\e'"):
            return ("TOML has no \\e escape", "write \\u001b, the same character")
        case detail.hasPrefix("unknown escape sequence"):
            let escape = detail.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first
            return (
                "\(escape.map(String.init) ?? "this escape") is not an escape TOML knows",
                "write \\\\ for a backslash"
            )
        case detail.hasPrefix("leading zeroes are prohibited"):
            return ("whole numbers do not start with 0", "leave the leading zeros out")
        case detail.contains("as dotted key-value pair") || detail.hasPrefix("cannot insert")
            || detail.hasSuffix(" as table"):
            return clash(line: line)
        case detail.hasPrefix("cannot redefine existing table"):
            return repeatedHeader(line: line)
        case detail.hasPrefix("cannot redefine existing"):
            return repeatedKey(line: line)
        case detail.contains("(dangling comma)"):
            return ("a comma before the closing } is not allowed", "remove the comma")
        case context == "inline table" && (detail.contains("saw '\\n'") || detail.contains("end-of-file")):
            return (
                "an inline table { ... } must close on the line it opens",
                "put it on one line, or write it as a [table] with a key = value per line"
            )
        case detail.hasPrefix("expected '=', saw"):
            return ("expected = after the key, found \(seen)", "write key = value")
        case detail.hasPrefix("expected ']', saw") && context == "table header":
            return ("the [table] header is not closed", "write it as [name] on one line")
        case detail.hasPrefix("expected value, saw '#'"):
            return (
                "# starts a comment, so the value is missing",
                "put the value in quotes, as in \"#ff8800\""
            )
        case detail.hasPrefix("expected value, saw"):
            return (
                "the value is missing after =",
                "give a \"string\", a number, true, false, [a list] or { a table }"
            )
        case detail.hasPrefix("expected a comment or whitespace, saw"):
            return (
                "\(seen) follows the value",
                "put each key = value on a line of its own (comments start with #)"
            )
        case detail.hasPrefix("expected comma or closing ']'")
            || detail.hasPrefix("expected value or closing ']'"):
            return (
                "expected , or ] in the list, found \(seen)", "separate the items with commas and end with ]"
            )
        case detail.hasPrefix("expected comma or closing '}'") || detail.hasPrefix("expected key"):
            return (
                "expected , or } in the table, found \(seen)",
                "separate key = value pairs with commas and end with }"
            )
        case detail.contains("end-of-file") && context == "array":
            return ("the list is not closed", "add ] at its end")
        case detail.contains("end-of-file") && context.contains("string"):
            return ("the string is not closed", "add the closing quotes")
        default:
            let words = detail.isEmpty ? "this is not TOML" : detail
            return (words, "see https://toml.io for how TOML is written")
        }
    }

    /// `[name]` given a second time.
    private func repeatedHeader(line: Int) -> (problem: String, remedy: String) {
        let inner = source.line(line).trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        guard let path = TOMLLineRewrite.keyPath(inner), let first = source.line(of: path, before: line)
        else {
            return (
                "this [table] is already given above", "put its keys under the first one and delete this line"
            )
        }
        let name = TOMLFileError.display(path)
        return (
            "[\(name)] is already given on line \(first)",
            "put these keys under that [\(name)] and delete this line"
        )
    }

    /// A key given a second time in the same table.
    private func repeatedKey(line: Int) -> (problem: String, remedy: String) {
        if let parts = writtenKey(line: line), let table = source.currentTable(afterFirst: line - 1),
            let first = source.line(of: table + parts, before: line)
        {
            return (
                "\(TOMLFileError.display(parts)) is already given on line \(first)", "keep one of the two"
            )
        }
        return ("a key is given twice in this table", "keep one of the two")
    }

    /// A dotted key or header that adds to a name which already has a value.
    private func clash(line: Int) -> (problem: String, remedy: String) {
        let content = source.line(line).trimmingCharacters(in: .whitespaces)
        let written =
            content.hasPrefix("[") ? content.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")) : nil
        guard let parts = written.flatMap(TOMLLineRewrite.keyPath) ?? writtenKey(line: line), parts.count > 1
        else {
            return (
                "this name adds to one that already has a value",
                "put the whole dotted name in quotes, as in \"ui.title\""
            )
        }
        let table = written == nil ? (source.currentTable(afterFirst: line - 1) ?? []) : []
        for length in 1..<parts.count {
            let parent = Array(parts.prefix(length))
            if let first = source.line(of: table + parent, before: line) {
                return (
                    "\(TOMLFileError.display(parts)) adds to \(TOMLFileError.display(parent)), "
                        + "which has a value on line \(first)",
                    "put the whole name in quotes: \(TOMLLineRewrite.quoted(parts.joined(separator: ".")))"
                )
            }
        }
        return (
            "\(TOMLFileError.display(parts)) adds to a name that already has a value",
            "put the whole name in quotes: \(TOMLLineRewrite.quoted(parts.joined(separator: ".")))"
        )
    }

    /// The key written at the start of `line`, as TOML reads it.
    private func writtenKey(line: Int) -> [String]? {
        let content = source.line(line)
        guard let equals = content.firstIndex(of: "=") else { return nil }
        return TOMLLineRewrite.keyPath(content[..<equals].trimmingCharacters(in: .whitespaces))
    }
}
