/// Fountain notes (`[[…]]`): taken out of the text they sit in and kept as elements of their own, so a
/// note never reaches a prompt; `[[shot]]` and `[[SHOT: label]]` become shot markers.
enum FountainNotes {
    /// `text` without its notes (a space left doubled by one closed up, empty lines left at either end dropped), and
    /// the notes as elements, each on the line it starts on (`line` is the line `text` starts on).
    static func extract(_ text: String, line: Int) -> (String, [ScriptElement]) {
        let (clean, before, after) = extractPlaced(text, line: line)
        return (clean, before + after)
    }

    /// As ``extract(_:line:)``, with the shot markers written before any of the text apart: a writer marks
    /// a panel on the line above its paragraph, so the marker comes before the paragraph it opens.
    static func extractPlaced(_ text: String, line: Int) -> (
        String, before: [ScriptElement], after: [ScriptElement]
    ) {
        var previous: UInt8 = 0
        let hasNote = text.utf8.contains { byte in
            defer { previous = byte }
            return byte == 0x5B && previous == 0x5B
        }
        guard hasNote else { return (text, [], []) }
        let bytes = Array(text.utf8)
        guard var open = find(0x5B, in: bytes, from: 0) else { return (text, [], []) }
        var kept: [UInt8] = []
        var leading: [ScriptElement] = []
        var notes: [ScriptElement] = []
        var currentLine = line
        var position = 0
        while true {
            guard let close = find(0x5D, in: bytes, from: open + 2) else { break }
            currentLine += bytes[position..<open].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            kept += bytes[position..<open]
            let inner = bytes[(open + 2)..<close]
            let note = element(String(decoding: inner, as: UTF8.self), line: currentLine)
            if case .shotMarker = note, kept.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
                leading.append(note)
            } else {
                notes.append(note)
            }
            currentLine += inner.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            position = close + 2
            let next: UInt8? = position < bytes.count ? bytes[position] : nil
            if kept.last == 0x20 && (next == 0x20 || next == 0x0A || next == nil) { kept.removeLast() }
            guard let following = find(0x5B, in: bytes, from: position) else { break }
            open = following
        }
        kept += bytes[position...]
        var lines = String(decoding: kept, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { line in
            var line = String(line)
            while line.last == " " { line.removeLast() }
            return line
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return (lines.joined(separator: "\n"), leading, notes)
    }

    /// The index of the first of two `byte`s in a row in `bytes` at or after `start`.
    private static func find(_ byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == byte && bytes[index + 1] == byte { return index }
            index += 1
        }
        return nil
    }

    /// A note's text as a shot marker (`shot`, `SHOT: label`, any case) or a note.
    static func element(_ inner: String, line: Int) -> ScriptElement {
        let text = FountainTitlePage.trimmed(inner)
        let lower = text.lowercased()
        if lower == "shot" { return .shotMarker(label: nil, line: line) }
        if lower.hasPrefix("shot:") {
            let label = FountainTitlePage.trimmed(String(text.dropFirst(5)))
            return .shotMarker(label: label.isEmpty ? nil : label, line: line)
        }
        return .note(text: text, line: line)
    }
}
