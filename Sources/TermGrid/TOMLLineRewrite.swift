import Foundation
import TOMLKit

/// A line of a settings file that TOMLKit refused, rewritten in valid TOML, for the error message.
///
/// Kinora's earlier readers were looser than TOML: `? = help` and `theme = light` without quotes,
/// `theme = "light` with one, `ui.title = {...}` beside `ui = {...}`, inline tables over several
/// lines, a comma before `}`, `\e`, `08`. Such a file is now refused, and its message shows the line as it must be
/// written. This only proposes text: each proposal is read by TOMLKit, alone and in place of the
/// line in the whole file, and offered only when both read and the file gets further. Nothing
/// here decides what a file means.
struct TOMLLineRewrite: Equatable, Sendable {
    /// The line to write instead.
    var text: String
    /// The first line it replaces, counting from 1.
    var firstLine: Int
    /// The last line it replaces (the same as `firstLine` unless lines are joined).
    var lastLine: Int
    /// Why, in words: what TOML wants that the line did not do.
    var reasons: [String]

    /// The rewrite of line `number` of `source`, if one reads.
    static func suggest(for source: TOMLSourceLines, at number: Int) -> TOMLLineRewrite? {
        let content = source.line(number).trimmingCharacters(in: .whitespaces)
        guard !content.isEmpty, !content.hasPrefix("#") else { return nil }
        if content.hasPrefix("[") {
            return header(content, source: source, at: number)
        }
        return assignment(content, source: source, at: number)
            ?? joinedInlineTable(source: source, at: number)
    }

    /// `text` as a TOML basic string: in double quotes, with `"`, `\` and control characters
    /// escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The parts of a key as TOML reads it (`ui.title` is `["ui", "title"]`); nil when `key` is
    /// not a TOML key.
    static func keyPath(_ key: String) -> [String]? {
        guard !key.contains("\n"), let table = try? TOMLParse.table("\(key) = 0").get() else { return nil }
        var path: [String] = []
        var current = table
        while current.keys.count == 1, let part = current.keys.first {
            path.append(part)
            guard let next = current[part]?.table else { return path }
            current = next
        }
        return nil
    }

    /// Where the `#` comment of `line` starts (a `#` outside quotes), if it has one.
    private static func commentStart(in line: String) -> String.Index? {
        var quote: Character?
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if escaped {
                    escaped = false
                } else if open == "\"" && character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return index
            }
        }
        return nil
    }

    // MARK: Forms

    /// `[name]`: quoted when its dots clash with a value, closed when `]` is missing.
    private static func header(_ content: String, source: TOMLSourceLines, at number: Int) -> TOMLLineRewrite?
    {
        guard !content.hasPrefix("[[") else { return nil }
        let body = content.dropFirst()
        let closed = body.lastIndex(of: "]")
        let inner = String(closed.map { body[..<$0] } ?? body[...])
            .trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty else { return nil }
        var options: [(String, [String])] = []
        if closed == nil { options.append(("[\(inner)]", ["a [table] header ends with ] on its line"])) }
        if let parts = keyPath(inner) {
            if parts.count > 1 {
                options.append(("[\(quoted(parts.joined(separator: ".")))]", [dottedReason(parts)]))
            }
        } else {
            options.append(("[\(quoted(unquoted(inner)))]", [keyReason]))
        }
        for (text, reasons) in options where reads(text, in: source, from: number, through: number) {
            return TOMLLineRewrite(text: text, firstLine: number, lastLine: number, reasons: reasons)
        }
        return nil
    }

    /// `key = value` with the key or the value put the way TOML wants.
    private static func assignment(_ content: String, source: TOMLSourceLines, at number: Int)
        -> TOMLLineRewrite?
    {
        guard let (key, value) = split(content) else { return nil }
        let keys = keyOptions(key)
        let values = valueOptions(value)
        for (keyText, keyReasons) in keys {
            for (valueText, valueReasons) in values where !(keyReasons + valueReasons).isEmpty {
                let text = "\(keyText) = \(valueText)"
                if reads(text, in: source, from: number, through: number) {
                    return TOMLLineRewrite(
                        text: text, firstLine: number, lastLine: number, reasons: keyReasons + valueReasons)
                }
            }
        }
        return nil
    }

    /// An inline table written over several lines, joined into one.
    private static func joinedInlineTable(source: TOMLSourceLines, at number: Int) -> TOMLLineRewrite? {
        guard let (key, value) = split(source.line(number)), value.hasPrefix("{") else {
            return nil
        }
        var joined = value
        for last in (number + 1)..<min(source.count + 1, number + 40) {
            let next = withoutComment(source.line(last)).trimmingCharacters(in: .whitespaces)
            if next.isEmpty { continue }
            joined += " " + next
            let oneLine = withoutDanglingComma(joined)
            for (keyText, keyReasons) in keyOptions(key) {
                let text = "\(keyText) = \(oneLine)"
                if reads(text, in: source, from: number, through: last) {
                    return TOMLLineRewrite(
                        text: text, firstLine: number, lastLine: last,
                        reasons: keyReasons + ["an inline table { ... } stays on one line"])
                }
            }
        }
        return nil
    }

    // MARK: Options

    private static let keyReason = "keys other than letters, digits, - and _ go in quotes"

    private static func dottedReason(_ parts: [String]) -> String {
        "a dotted name in quotes is one key, so it does not add to \(parts[0]), which has a value above"
    }

    /// The key as written (when it is a key), and in quotes.
    private static func keyOptions(_ key: String) -> [(String, [String])] {
        guard let parts = keyPath(key) else { return [(quoted(unquoted(key)), [keyReason])] }
        guard parts.count > 1 else { return [(key, [])] }
        return [(key, []), (quoted(parts.joined(separator: ".")), [dottedReason(parts)])]
    }

    /// The value as written, with the small fixes TOML needs, and as a string in quotes.
    private static func valueOptions(_ value: String) -> [(String, [String])] {
        var options: [(String, [String])] = [(value, [])]
        if value.contains("\\e") {
            options.append(
                (
                    value.replacingOccurrences(of: "\\e", with: "\\u001b"),
                    ["TOML has no \\e escape; \\u001b is the same character"]
                ))
        }
        let digits = value.hasPrefix("+") || value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(value)
        {
            options.append((String(number), ["whole numbers do not start with 0"]))
        }
        let withoutComma = withoutDanglingComma(value)
        if withoutComma != value { options.append((withoutComma, ["no comma before the closing }"])) }
        let text = unquoted(value)
        let isString =
            value.count >= 2 && value.first == value.last && (value.first == "\"" || value.first == "'")
        if !text.isEmpty, !isString, !value.hasPrefix("{"), !value.hasPrefix("["),
            !text.contains("\""), !text.contains("'")
        {
            let reason =
                value.contains("\"") || value.contains("'")
                ? "a string has the same quote at both ends" : "text goes in quotes"
            options.append((quoted(text), [reason]))
        }
        return options
    }

    // MARK: Text

    /// `content` split at its first `=` outside quotes, both sides trimmed and the value without
    /// its comment; nil without one.
    private static func split(_ content: String) -> (key: String, value: String)? {
        var quote: Character?
        for index in content.indices {
            let character = content[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return nil
            } else if character == "=" {
                let key = content[..<index].trimmingCharacters(in: .whitespaces)
                let rest = content[content.index(after: index)...].trimmingCharacters(in: .whitespaces)
                // `fg = #ff0000`: the colour reads as a comment, so it is kept whole.
                let value = rest.hasPrefix("#") ? rest : withoutComment(rest)
                guard !key.isEmpty, !value.isEmpty else { return nil }
                return (key, value)
            }
        }
        return nil
    }

    /// `line` without its `#` comment and trailing spaces.
    private static func withoutComment(_ line: String) -> String {
        let kept = commentStart(in: line).map { String(line[..<$0]) } ?? line
        return kept.trimmingCharacters(in: .whitespaces)
    }

    /// `value` with a comma just before a closing `}` removed.
    private static func withoutDanglingComma(_ value: String) -> String {
        var result = value
        while let comma = result.range(of: #",\s*\}"#, options: .regularExpression) {
            result.replaceSubrange(comma, with: " }")
        }
        return result
    }

    /// `text` without the quotes around it (all of them, as the old readers took them off).
    private static func unquoted(_ text: String) -> String {
        let quotes = CharacterSet(charactersIn: "\"'")
        return text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: quotes)
    }

    /// Whether `text` reads by itself, and the whole file reads further with it in place of lines
    /// `first` through `last`.
    private static func reads(_ text: String, in source: TOMLSourceLines, from first: Int, through last: Int)
        -> Bool
    {
        guard text != source.line(first).trimmingCharacters(in: .whitespaces) || first != last,
            TOMLParse.reads(text)
        else { return false }
        switch TOMLParse.table(source.replacing(first, through: last, with: text)) {
        case .success: return true
        case .failure(let failure): return failure.line > first
        }
    }
}
