/// One line of a shot's dialogue as the shot keeps it (`MIMI (V.O.): (quietly) Hello.`, one speech a
/// line, the form a script import writes and people type): who speaks, and the words to say.
public struct DialogueLine: Sendable, Hashable {
    /// The speaker as written (`MIMI`), or `nil` for a line with no `NAME:` in front.
    public var speaker: String?
    /// The speaker's extensions (`V.O.`, `O.S.`, `CONT'D`).
    public var extensions: [String]
    /// Whether it is spoken at once with the line before (dual dialogue, `STEEL ^: …`).
    public var isSimultaneous: Bool
    /// The words to say and to subtitle: parentheticals (`(quietly)`) left out.
    public var spoken: String

    /// A line with the given parts.
    public init(speaker: String?, extensions: [String] = [], isSimultaneous: Bool = false, spoken: String) {
        self.speaker = speaker
        self.extensions = extensions
        self.isSimultaneous = isSimultaneous
        self.spoken = spoken
    }

    /// Whether the speaker is heard but not seen (voice-over, off screen).
    public var isOffScreen: Bool {
        extensions.contains { ["V.O.", "VO", "O.S.", "OS", "O.C.", "OC"].contains($0.uppercased()) }
    }

    /// The lines of a shot's `dialogue`, each non-empty line one speech; lines with nothing to say are
    /// left out.
    public static func lines(in dialogue: String) -> [DialogueLine] {
        dialogue.split(whereSeparator: \.isNewline).compactMap { parse(String($0)) }
    }

    /// One line read: `NAME (EXT) ^: speech`, or the whole line as speech when its start is not a name.
    static func parse(_ line: String) -> DialogueLine? {
        var speaker: String?
        var extensions: [String] = []
        var isSimultaneous = false
        var speech = Substring(line)
        if let colon = line.range(of: ":"), isSpeaker(line[..<colon.lowerBound]) {
            var name = Substring(line[..<colon.lowerBound]).trimmingSpaces
            if name.hasSuffix("^") {
                isSimultaneous = true
                name = name.dropLast().trimmingSpaces
            }
            while name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
                extensions.insert(
                    String(name[name.index(after: open)..<name.index(before: name.endIndex)]), at: 0)
                name = name[..<open].trimmingSpaces
            }
            speaker = String(name)
            speech = line[colon.upperBound...]
        }
        let spoken = withoutParentheticals(String(speech))
        return spoken.isEmpty
            ? nil
            : DialogueLine(
                speaker: speaker, extensions: extensions, isSimultaneous: isSimultaneous, spoken: spoken)
    }

    /// Whether `text` (what comes before a line's first colon) reads as a speaker: a name in capitals
    /// (`MIMI`, `McCLANE`, `MR. SMITH (V.O.) ^`), not the start of a sentence (`Note: …`).
    static func isSpeaker(_ text: Substring) -> Bool {
        let name = text.prefix { $0 != "(" && $0 != "^" }.trimmingSpaces
        guard !name.isEmpty, name.count <= 40, name.first?.isLetter == true else { return false }
        let letters = name.filter(\.isLetter)
        let upper = letters.filter { $0.isUppercase || !$0.isCased }.count
        return name.allSatisfy { $0.isLetter || $0.isNumber || " .'-_".contains($0) }
            && upper * 2 > letters.count
    }

    /// `text` without `(…)` asides, its spaces closed up.
    static func withoutParentheticals(_ text: String) -> String {
        var kept = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" && depth > 0 {
                depth -= 1
            } else if depth == 0 {
                kept.append(character)
            }
        }
        return kept.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension Substring {
    /// Without spaces at either end.
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return result
    }
}
