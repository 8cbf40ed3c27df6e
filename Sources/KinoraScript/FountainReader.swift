import Foundation

/// Reads Fountain (https://fountain.io/syntax) into a ``ScriptDocument``.
///
/// One pass over the lines, one look at each paragraph: a 10 MB script reads in a fraction of a second.
public enum FountainReader {
    /// One line of the file and its number (1-based).
    struct Line {
        /// The line's number in the file.
        var number: Int
        /// The line as written, without its line end.
        var text: String
    }

    /// The elements of the Fountain text in `data`.
    ///
    /// - Throws: ``ScriptError`` naming `file` for a binary file or one with no scenes or action.
    public static func read(_ data: Data, file: String) throws -> ScriptDocument {
        let decoded = try ScriptText(data, file: file)
        guard !decoded.text.allSatisfy(\.isWhitespace) else {
            throw ScriptError(file: file, reason: "it is empty; it has no scenes or action")
        }
        var warnings = decoded.warnings
        let lines = FountainLines.split(decoded.text, warnings: &warnings)
        let (titlePage, bodyStart) = FountainTitlePage.read(lines)
        var parser = FountainParagraphs()
        var block: [Line] = []
        for line in lines[bodyStart...] {
            if isBlank(line.text) {
                if !block.isEmpty && line.text.count >= 2 && line.text.allSatisfy({ $0 == " " }) {
                    block.append(Line(number: line.number, text: ""))
                } else if !block.isEmpty {
                    parser.add(block)
                    block.removeAll(keepingCapacity: true)
                }
            } else {
                block.append(line)
            }
        }
        if !block.isEmpty { parser.add(block) }
        guard parser.elements.contains(where: \.isContent) else {
            throw ScriptError(
                file: file,
                reason:
                    "it has no scenes or action; a Fountain script needs a scene heading (INT. HOUSE - DAY) "
                    + "or an action paragraph")
        }
        return ScriptDocument(titlePage: titlePage, elements: parser.elements, warnings: warnings)
    }

    /// `text` without Fountain's emphasis markup (`*italic*`, `**bold**`, `***both***`, `_underline_`, the
    /// `~` of a lyric), escapes (`\*`) resolved: what a prompt or a title should say.
    public static func plainText(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var plain = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "\\" where next == "*" || next == "_" || next == "\\":
                if let next { plain.append(next) }
                index += 2
                continue
            case "*":
                break
            case "_" where !(isWordScalar(previous) && isWordScalar(next)):
                break
            case "~" where previous == nil || previous == "\n":
                if next == " " { index += 1 }
            default:
                plain.append(scalar)
            }
            index += 1
        }
        return String(plain)
    }

    /// Whether `scalar` is a letter or digit (an `_` between two of them is part of a word).
    private static func isWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether a line holds nothing but spaces and tabs.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
