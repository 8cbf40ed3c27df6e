import Foundation

/// Turns Fountain paragraphs (lines between blank lines) into ``ScriptElement``s, one paragraph at a time.
struct FountainParagraphs {
    /// The elements read so far, in order.
    private(set) var elements: [ScriptElement] = []

    /// Transitions Fountain knows without `TO:` or a forced `>`.
    private static let namedTransitions: Set<String> = [
        "FADE OUT.", "FADE TO BLACK.", "CUT TO BLACK.", "FADE IN:",
    ]

    /// The scene heading prefixes, each followed by `.` or a space.
    private static let headingPrefixes = [
        "INT./EXT", "INT/EXT", "EXT./INT", "EXT/INT", "I/E", "INT", "EXT", "EST",
    ]
    .map { Array($0.utf8) }

    /// Reads one paragraph; a heading, section, synopsis, page break or transition on its first line is
    /// read on its own and the lines after it read as a paragraph of their own.
    mutating func add(_ lines: [FountainReader.Line]) {
        var rest = lines[...]
        while let first = rest.first {
            let consumed = addLeading(rest, first: FountainTitlePage.trimmed(first.text))
            rest = rest.dropFirst(consumed)
        }
    }

    /// Reads the element that starts `lines` and returns how many lines it took.
    private mutating func addLeading(_ lines: ArraySlice<FountainReader.Line>, first: String) -> Int {
        let number = lines[lines.startIndex].number
        let bytes = first.utf8
        let lead = bytes.first
        if bytes.count >= 3 && bytes.allSatisfy({ $0 == 0x3D }) {
            elements.append(.pageBreak(line: number))
            return 1
        }
        if lead == 0x21 {
            var action = Array(lines)
            action[0].text = String(first.dropFirst())
            addAction(action)
            return lines.count
        }
        if lead == 0x40 && lines.count >= 2 {
            addDialogue(lines)
            return lines.count
        }
        if lead == 0x7E {
            addAction(Array(lines))
            return lines.count
        }
        if let heading = Self.heading(first) {
            let (text, notes) = FountainNotes.extract(heading, line: number)
            let (title, sceneNumber) = Self.splitSceneNumber(text)
            elements.append(.sceneHeading(text: title, number: sceneNumber, line: number))
            elements.append(contentsOf: notes)
            return 1
        }
        if lead == 0x23 {
            let depth = first.prefix { $0 == "#" }.count
            elements.append(
                .section(
                    text: FountainTitlePage.trimmed(String(first.dropFirst(depth))), depth: depth,
                    line: number))
            return 1
        }
        if lead == 0x3D {
            elements.append(
                .synopsis(text: FountainTitlePage.trimmed(String(first.dropFirst())), line: number))
            return 1
        }
        if lead == 0x5B, let note = standaloneNote(lines) {
            elements.append(note)
            return lines.count
        }
        if lead == 0x3E && bytes.last == 0x3C && bytes.count >= 2 {
            return addCentered(lines)
        }
        if lead == 0x3E {
            addText(String(first.dropFirst()), line: number) { .transition(text: $0, line: $1) }
            return 1
        }
        if lines.count == 1, Self.isTransition(first) {
            addText(first, line: number) { .transition(text: $0, line: $1) }
            return 1
        }
        if lines.count >= 2, Self.isCharacter(first) {
            addDialogue(lines)
            return lines.count
        }
        addAction(Array(lines))
        return lines.count
    }

    /// The heading of a scene heading line (`.` of a forced one removed), if it is one.
    private static func heading(_ line: String) -> String? {
        let bytes = Array(line.utf8.prefix(10))
        if bytes.first == 0x2E {
            return bytes.count >= 2 && bytes[1] != 0x2E
                ? FountainTitlePage.trimmed(String(line.dropFirst())) : nil
        }
        let upper = bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        for prefix in headingPrefixes where upper.starts(with: prefix) && upper.count > prefix.count {
            let after = upper[prefix.count]
            if after == 0x2E || after == 0x20 { return line }
        }
        return nil
    }

    /// `INT. HOUSE - DAY #1A#` as the heading and its scene number (letters, digits, `-` and `.`).
    private static func splitSceneNumber(_ heading: String) -> (String, String?) {
        guard heading.hasSuffix("#"), heading.count >= 3 else { return (heading, nil) }
        let body = heading.dropLast()
        guard let open = body.lastIndex(of: "#") else { return (heading, nil) }
        let number = body[body.index(after: open)...]
        guard !number.isEmpty, number.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else {
            return (heading, nil)
        }
        return (FountainTitlePage.trimmed(String(body[..<open])), String(number))
    }

    /// Whether a lone line is a transition: in capitals and ending in `TO:`, or a named one (`FADE OUT.`).
    private static func isTransition(_ line: String) -> Bool {
        guard line.utf8.last == 0x3A || line.utf8.last == 0x2E else { return false }
        guard line.hasSuffix("TO:") || namedTransitions.contains(line) else { return false }
        return line == line.uppercased() && line.contains(where: \.isLetter)
    }

    /// Whether a line names a speaker: its name (before any `(extension)` or `^`) has a letter and no
    /// lower-case letter.
    private static func isCharacter(_ line: String) -> Bool {
        var hasLetter = false
        for scalar in line.unicodeScalars {
            if scalar == "(" { break }
            if scalar.isASCII {
                if scalar >= "a" && scalar <= "z" { return false }
                if scalar >= "A" && scalar <= "Z" { hasLetter = true }
            } else if scalar.properties.isLowercase {
                return false
            } else if scalar.properties.isAlphabetic {
                hasLetter = true
            }
        }
        return hasLetter
    }

    /// A paragraph that is one note and nothing else, as a note or a shot marker.
    private func standaloneNote(_ lines: ArraySlice<FountainReader.Line>) -> ScriptElement? {
        let text = FountainTitlePage.trimmed(lines.map(\.text).joined(separator: "\n"))
        guard text.hasPrefix("[["), text.hasSuffix("]]") else { return nil }
        let inner = text.dropFirst(2).dropLast(2)
        guard !inner.contains("[["), !inner.contains("]]") else { return nil }
        return FountainNotes.element(String(inner), line: lines[lines.startIndex].number)
    }

    /// Reads the `> centred <` lines that start `lines` as one centred element; returns how many.
    private mutating func addCentered(_ lines: ArraySlice<FountainReader.Line>) -> Int {
        var texts: [String] = []
        for line in lines {
            let text = FountainTitlePage.trimmed(line.text)
            guard text.hasPrefix(">") && text.hasSuffix("<") && text.count >= 2 else { break }
            texts.append(FountainTitlePage.trimmed(String(text.dropFirst().dropLast())))
        }
        addText(texts.joined(separator: "\n"), line: lines[lines.startIndex].number) {
            .centered(text: $0, line: $1)
        }
        return texts.count
    }

    /// Appends the element `make` builds from `text` with its notes taken out, then those notes; a shot
    /// marker written before the text goes before it.
    private mutating func addText(_ text: String, line: Int, _ make: (String, Int) -> ScriptElement) {
        let (clean, before, after) = FountainNotes.extractPlaced(FountainTitlePage.trimmed(text), line: line)
        elements.append(contentsOf: before)
        if !clean.isEmpty { elements.append(make(clean, line)) }
        elements.append(contentsOf: after)
    }

    /// An action paragraph: lines kept with their indentation (a tab as four spaces), trailing spaces
    /// dropped, notes taken out and kept after it (a shot marker above its first line before it).
    private mutating func addAction(_ lines: [FountainReader.Line]) {
        let text = lines.map { line in
            var text = line.text
            if text.utf8.contains(0x09) {
                text = text.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
            }
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
        let line = lines.first?.number ?? 0
        let (clean, before, after) = FountainNotes.extractPlaced(text, line: line)
        elements.append(contentsOf: before)
        if !clean.isEmpty { elements.append(.action(text: clean, line: line)) }
        elements.append(contentsOf: after)
    }

    /// A speaker's name line and the speech under it.
    private mutating func addDialogue(_ lines: ArraySlice<FountainReader.Line>) {
        let first = lines[lines.startIndex]
        var nameLine = Substring(FountainTitlePage.trimmed(first.text))
        if nameLine.hasPrefix("@") { nameLine = nameLine.dropFirst() }
        let isDual = nameLine.hasSuffix("^")
        if isDual { nameLine = nameLine.dropLast() }
        var extensions: [String] = []
        var name = nameLine
        if let open = nameLine.firstIndex(of: "(") {
            name = nameLine[..<open]
            var rest = nameLine[open...]
            while let start = rest.firstIndex(of: "("), let end = rest[start...].firstIndex(of: ")") {
                extensions.append(FountainTitlePage.trimmed(String(rest[rest.index(after: start)..<end])))
                rest = rest[rest.index(after: end)...]
            }
        }
        var parts: [DialoguePart] = []
        var notes: [ScriptElement] = []
        for line in lines.dropFirst() {
            let (text, lineNotes) = FountainNotes.extract(
                FountainTitlePage.trimmed(line.text), line: line.number)
            notes.append(contentsOf: lineNotes)
            if text.isEmpty && !lineNotes.isEmpty { continue }
            if text.hasPrefix("(") && text.hasSuffix(")") {
                parts.append(.parenthetical(text))
            } else if case .spoken(let spoken) = parts.last {
                parts[parts.count - 1] = .spoken(spoken + "\n" + text)
            } else {
                parts.append(.spoken(text))
            }
        }
        let block = DialogueBlock(
            character: FountainTitlePage.trimmed(String(name)), extensions: extensions, parts: parts,
            isDual: isDual, line: first.number)
        elements.append(.dialogue(block))
        elements.append(contentsOf: notes)
    }
}
