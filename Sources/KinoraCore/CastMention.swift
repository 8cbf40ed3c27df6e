/// `@Name` in a prompt: finding the names and replacing them. A mention is `@` at the start of the text or
/// after a character that cannot be in a name (so `ana@example.com` is no mention), followed by name
/// characters (``CastEntry/isNameCharacter(_:)``); a trailing `-` is punctuation, not part of the name.
public enum CastMention {
    /// The names mentioned, in order, as written (without the `@`), repeats included.
    public static func names(in text: String) -> [String] {
        mentions(in: text).map { String(text[$0.name]) }
    }

    /// Where each mention is: the range of the whole `@Name` and of the name alone.
    public static func mentions(in text: String) -> [(whole: Range<String.Index>, name: Range<String.Index>)]
    {
        var found: [(Range<String.Index>, Range<String.Index>)] = []
        var index = text.startIndex
        var previous: Character?
        while index < text.endIndex {
            let character = text[index]
            if character == "@", previous.map({ !CastEntry.isNameCharacter($0) }) ?? true {
                let nameStart = text.index(after: index)
                var end = nameStart
                while end < text.endIndex, CastEntry.isNameCharacter(text[end]) {
                    end = text.index(after: end)
                }
                while end > nameStart, text[text.index(before: end)] == "-" { end = text.index(before: end) }
                if end > nameStart {
                    found.append((index..<end, nameStart..<end))
                    previous = text[text.index(before: end)]
                    index = end
                    continue
                }
            }
            previous = character
            index = text.index(after: index)
        }
        return found
    }

    /// `text` with each mention replaced by what `replacement` returns for its name; a mention it returns
    /// `nil` for stays as written.
    public static func replacing(in text: String, with replacement: (String) -> String?) -> String {
        var result = ""
        var last = text.startIndex
        for mention in mentions(in: text) {
            guard let new = replacement(String(text[mention.name])) else { continue }
            result += text[last..<mention.whole.lowerBound]
            result += new
            last = mention.whole.upperBound
        }
        result += text[last...]
        return result
    }

    /// The partly typed name just before `cursor` (`@Mi|`), for completion: its range without the `@`,
    /// or `nil` when the cursor is not right after a mention being typed.
    public static func partialName(in text: String, before cursor: String.Index) -> Range<String.Index>? {
        var start = cursor
        while start > text.startIndex, CastEntry.isNameCharacter(text[text.index(before: start)]) {
            start = text.index(before: start)
        }
        guard start > text.startIndex, text[text.index(before: start)] == "@" else { return nil }
        let at = text.index(before: start)
        if at > text.startIndex, CastEntry.isNameCharacter(text[text.index(before: at)]) { return nil }
        return start..<cursor
    }
}
