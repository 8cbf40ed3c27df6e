import Foundation
import KinoraCore

extension ScriptImporter {
    /// A cast name for a script's name (``CastEntry/name(fromScript:)``).
    static func castName(_ written: String) -> String? { CastEntry.name(fromScript: written) }

    /// `text` without Fountain's emphasis markup (``FountainReader/plainText(_:)``) and with its lines and
    /// runs of spaces joined into single spaces: what a prompt should read.
    static func plainText(_ text: String) -> String {
        FountainReader.plainText(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The words of `text`, lower-cased, punctuation dropped: for counting and matching.
    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
    }

    /// A prompt drafted from the shot's action: its plain text, with the first mention of each speaking
    /// character written as `@Name` so the cast entry's description and pictures reach the engine.
    static func draftPrompt(_ draft: DraftShot, characters: SpeakerNames) -> String {
        var prompt = plainText(draft.action)
        // A slate shows its words as written.
        if draft.isSlate { return prompt }
        if prompt.isEmpty {
            // A shot of dialogue alone: who speaks.
            prompt = draft.speakers.map { "@" + $0 }.joined(separator: " and ")
            return prompt.isEmpty ? "" : prompt + " speaking"
        }
        for name in characters.candidates(in: prompt) {
            guard let range = wholeWordRange(of: name.written, in: prompt) else { continue }
            prompt.replaceSubrange(range, with: "@" + name.cast)
        }
        return prompt
    }

    /// Where `word` first stands as a whole word in `text` (case does not matter, not after `@`).
    static func wholeWordRange(of word: String, in text: String) -> Range<String.Index>? {
        var start = text.startIndex
        while let range = text.range(of: word, options: .caseInsensitive, range: start..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
            let boundaryBefore = before.map { !CastEntry.isNameCharacter($0) && $0 != "@" } ?? true
            let boundaryAfter = after.map { !CastEntry.isNameCharacter($0) } ?? true
            if boundaryBefore && boundaryAfter { return range }
            start = range.upperBound
        }
        return nil
    }

    /// Word-set Jaccard similarity of two texts' meaningful words (``contentWords(in:)``): shared words
    /// over all words, 0 to 1.
    static func similarity(_ first: String, _ second: String) -> Double {
        let left = contentWords(in: first)
        let right = contentWords(in: second)
        if left.isEmpty && right.isEmpty { return first == second ? 1 : 0 }
        return similarity(left, right)
    }

    /// Jaccard similarity of two word sets.
    static func similarity(_ left: Set<String>, _ right: Set<String>) -> Double {
        guard !left.isEmpty || !right.isEmpty else { return 0 }
        let shared = left.intersection(right).count
        return Double(shared) / Double(left.count + right.count - shared)
    }

    /// The words of `text` that say something: without "the", "a", "at" and their like, which every
    /// paragraph shares and which would make unrelated paragraphs look alike.
    static func contentWords(in text: String) -> Set<String> {
        Set(words(in: text)).subtracting(stopWords)
    }

    /// English words too common to tell paragraphs apart.
    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
        "into",
        "onto", "up", "down", "out", "over", "is", "are", "was", "were", "be", "it", "its", "it's", "he",
        "she",
        "they", "his", "her", "their", "him", "them", "this", "that", "as", "then", "than",
    ]
}
