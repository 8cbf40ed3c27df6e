import Foundation

/// A Fountain title page: `Key: value` lines at the top of the file, values continued on indented lines,
/// ended by the first blank line.
enum FountainTitlePage {
    /// Keys read as a title page even when written in capitals (`TITLE:`); any other key needs a
    /// lower-case letter, so that a script opening with `FADE IN:` has no title page.
    private static let knownKeys: Set<String> = [
        "title", "credit", "author", "authors", "source", "draft date", "date", "contact", "copyright",
        "notes", "revision", "format",
    ]

    /// The title page's entries (emphasis removed) and the index of the first line after it (0 when the
    /// file has no title page).
    static func read(_ lines: [FountainReader.Line]) -> (
        entries: [(key: String, value: String)], bodyStart: Int
    ) {
        var index = 0
        while index < lines.count && FountainReader.isBlank(lines[index].text) { index += 1 }
        guard index < lines.count, key(of: lines[index].text) != nil else { return ([], 0) }
        var entries: [(key: String, value: [String])] = []
        while index < lines.count && !FountainReader.isBlank(lines[index].text) {
            let text = lines[index].text
            if let (key, value) = key(of: text) {
                entries.append((key, value.isEmpty ? [] : [value]))
            } else if text.first == " " || text.first == "\t", !entries.isEmpty {
                entries[entries.count - 1].value.append(trimmed(text))
            } else {
                return ([], 0)
            }
            index += 1
        }
        let values = entries.map { entry in
            (key: entry.key, value: FountainReader.plainText(entry.value.joined(separator: "\n")))
        }
        return (values, index)
    }

    /// The key and the value on a `Key: value` line, if it is one.
    private static func key(of text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":"), text.first?.isWhitespace == false else { return nil }
        let key = String(text[..<colon])
        let isKeyLike = key.count <= 40 && key.allSatisfy { $0.isLetter || $0.isNumber || " _-".contains($0) }
        guard isKeyLike, knownKeys.contains(key.lowercased()) || key.contains(where: \.isLowercase) else {
            return nil
        }
        return (key, trimmed(String(text[text.index(after: colon)...])))
    }

    /// `text` without spaces and tabs at either end (no Foundation: this runs on every line).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let end = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        if start == scalars.startIndex && scalars.index(after: end) == scalars.endIndex { return text }
        return String(scalars[start...end])
    }
}
