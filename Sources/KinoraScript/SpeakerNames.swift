import KinoraCore

/// The speaking characters as a prompt writes them (`Mr_Smith` as "Mr Smith"), looked up by first word, so
/// drafting a prompt tries only the names whose first word it contains: a long script has thousands of
/// speakers and tens of thousands of paragraphs.
struct SpeakerNames {
    /// Each character's cast name and the words a script writes it with, in cast order.
    let names: [(cast: String, written: String)]
    /// Indexes into `names` by the lower-cased first word of the written name.
    private let byFirstWord: [String: [Int]]

    init(_ characters: [CastEntry]) {
        names = characters.map { ($0.name, $0.name.replacingOccurrences(of: "_", with: " ")) }
        var byFirstWord: [String: [Int]] = [:]
        for (index, name) in names.enumerated() {
            guard let first = Self.words(in: name.written).first else { continue }
            byFirstWord[first, default: []].append(index)
        }
        self.byFirstWord = byFirstWord
    }

    /// The names whose first word stands as a word in `text`, in cast order.
    func candidates(in text: String) -> [(cast: String, written: String)] {
        Set(Self.words(in: text).flatMap { byFirstWord[$0] ?? [] }).sorted().map { names[$0] }
    }

    /// Lower-cased runs of name characters: the words a whole-word match can start at.
    private static func words(in text: String) -> [String] {
        text.lowercased().split { !CastEntry.isNameCharacter($0) || $0 == "_" }.map(String.init)
    }
}
