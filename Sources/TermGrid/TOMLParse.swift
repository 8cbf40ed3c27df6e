import TOMLKit

/// The one place Kinora hands text to TOMLKit.
///
/// toml++ 3.4 (inside TOMLKit 0.6) asserts — and aborts the program in a debug build; in a
/// release build it assumes the opposite — on two mistakes a person can make: a `[table]` header
/// that starts with a character no key can start with (`[`, `[=`, `[?]` on a line of their own),
/// and a `}` where a list expects a value (`[}`). Both are found here before toml++ reads the
/// text, and refused with the same kind of error TOMLKit gives.
enum TOMLParse {
    /// Why the text is not TOML: where, and toml++'s words.
    struct Failure: Error, Equatable {
        /// The line, counting from 1.
        var line: Int
        /// The column, counting from 1.
        var column: Int
        /// What toml++ was reading ("table header", "string", "inline table" ...).
        var context: String
        /// What it found wrong.
        var detail: String
    }

    /// What an unusable header is reported as (the context is "table header").
    static let headerWithoutName = "a [table] header starts with a name"

    /// What a `}` where a list expects a value is reported as (the context is "array").
    static let braceInList = "expected a value or ] in the list"

    /// `text` as a TOMLKit table, or where and why it is not TOML.
    static func table(_ text: String) -> Result<TOMLTable, Failure> {
        if let failure = unusableHeader(in: text) ?? braceWhereValueGoes(in: text) {
            return .failure(failure)
        }
        return unguarded(text)
    }

    /// toml++'s reading of `text`, with nothing checked first.
    private static func unguarded(_ text: String) -> Result<TOMLTable, Failure> {
        do {
            return .success(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            let (context, detail) = parts(of: error.description)
            return .failure(
                Failure(
                    line: error.source.begin.line, column: error.source.begin.column, context: context,
                    detail: detail))
        } catch {
            return .failure(Failure(line: 1, column: 1, context: "", detail: "\(error)"))
        }
    }

    /// A `}` where a list expects its next value (`[}`, `[1, }`), which toml++ asserts on.
    ///
    /// Such a `}` follows `[` or `,` with only spaces, line breaks and comments between. Every `}`
    /// that could be one (the nearest `}` after a `[` or `,`, `#` taken as a comment) is tried as
    /// `=` instead: where it really is in a list, toml++ then stops right there with an ordinary
    /// error; in a string or a comment the change is harmless, and the text is read as it is.
    private static func braceWhereValueGoes(in text: String) -> Failure? {
        let pattern = #/[\[,](?:[ \t\r\n]|#[^\n]*?)*?\}/#.matchingSemantics(.unicodeScalar)
        let candidates = text.matches(of: pattern)
        guard !candidates.isEmpty else { return nil }
        var braces = Set(candidates.map { text.unicodeScalars.index(before: $0.range.upperBound) })
        var changed = String.UnicodeScalarView()
        var positions: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            if braces.remove(index) != nil {
                changed.append("=")
                positions.append((line, column))
            } else {
                changed.append(scalar)
            }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        guard case .failure(let failure) = unguarded(String(changed)),
            positions.contains(where: { $0.line == failure.line && abs($0.column - failure.column) <= 1 })
        else { return nil }
        return Failure(
            line: failure.line, column: failure.column, context: "array",
            detail: "\(braceInList), found \"}\"")
    }

    /// Whether `text` reads as TOML.
    static func reads(_ text: String) -> Bool {
        if case .success = table(text) { return true }
        return false
    }

    /// "Error while parsing inline table: expected ..." as ("inline table", "expected ...").
    private static func parts(of description: String) -> (context: String, detail: String) {
        let prefix = "Error while parsing "
        guard description.hasPrefix(prefix), let colon = description.range(of: ": ") else {
            return ("", description)
        }
        let start = description.index(description.startIndex, offsetBy: prefix.count)
        return (String(description[start..<colon.lowerBound]), String(description[colon.upperBound...]))
    }

    /// The first header toml++ would stop the program on, if any.
    private static func unusableHeader(in text: String) -> Failure? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var rest = Substring(line)
            if index == 0, rest.first == "\u{FEFF}" { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if let first = rest.first, first == "]" || first == "\"" || first == "'" || isBare(first) {
                continue
            }
            // A header only if everything before it reads: otherwise the line is inside a list or
            // a string, or toml++ stops at an earlier mistake before it gets here.
            let before = lines.prefix(index).joined(separator: "\n")
            guard reads(before) else { continue }
            let found =
                rest.first.map { $0 == "\r" ? "the end of the line" : "\"\($0)\"" } ?? "the end of the line"
            return Failure(
                line: index + 1, column: line.distance(from: line.startIndex, to: rest.startIndex) + 1,
                context: "table header", detail: "\(headerWithoutName), found \(found)")
        }
        return nil
    }

    private static func isBare(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || character == "-" || character == "_"
    }
}
