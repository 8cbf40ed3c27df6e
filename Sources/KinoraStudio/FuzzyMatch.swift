/// Fuzzy matching for the command palette and pickers, in the manner of fzf and the palettes of
/// helix and VS Code.
///
/// A query matches a candidate when its characters appear in it in order, ignoring case. Among all
/// the ways they can appear, the best-scoring one is chosen (dynamic programming over query and
/// candidate, as fzf's v2 algorithm): every matched character scores, more at the start of a word
/// (after a space, `.`, `-`, `_`, `/`, `\`, `:`, or at a lower-to-upper camelCase step), most at the
/// very start of the candidate (the prefix bonus, doubled for the query's first character);
/// consecutive matches earn a bonus and gaps between matches cost a little.
enum FuzzyMatch {
    /// What every matched character scores.
    static let matchScore = 16
    /// What opening a gap between two matched characters costs.
    static let gapStart = 3
    /// What each further skipped character in a gap costs.
    static let gapExtension = 1
    /// The bonus for a match at the very start or after whitespace.
    static let bonusWhitespaceBoundary = 10
    /// The bonus for a match after a delimiter (`.` `-` `_` `/` `\` `:` ...).
    static let bonusDelimiterBoundary = 9
    /// The bonus for a match after other punctuation.
    static let bonusBoundary = 8
    /// The bonus for a camelCase step (`tG` in `takeGenerate`) or a letter-to-digit step.
    static let bonusCamel = 7
    /// The least bonus a match right after the previous one earns.
    static let bonusConsecutive = 4
    /// How much more the query's first character's bonus counts.
    static let firstCharacterMultiplier = 2

    /// The best match of `query` in `candidate`, ignoring case: its score and the matched
    /// positions (grapheme offsets into `candidate`, ascending); nil when `query` is not a
    /// subsequence. An empty query matches everything with score 0.
    static func score(_ query: String, in candidate: String) -> (score: Int, positions: [Int])? {
        score(units(query).map(\.folded), in: candidate)
    }

    /// The candidates that match `query` with their scores and positions, best first; equal scores
    /// keep the candidates' order. `index` is the candidate's place in `candidates`.
    static func rank(_ query: String, _ candidates: [String]) -> [(index: Int, score: Int, positions: [Int])]
    {
        let folded = units(query).map(\.folded)
        var ranked: [(index: Int, score: Int, positions: [Int])] = []
        for (index, candidate) in candidates.enumerated() {
            if let match = score(folded, in: candidate) {
                ranked.append((index: index, score: match.score, positions: match.positions))
            }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return ranked
    }

    private static func score(_ query: [Folded], in candidate: String) -> (score: Int, positions: [Int])? {
        if query.isEmpty { return (0, []) }
        let text = units(candidate)
        let queryCount = query.count
        let count = text.count
        guard isSubsequence(query, of: text) else { return nil }

        var bonuses: [Int] = []
        bonuses.reserveCapacity(count)
        var previous = CharacterClass.whitespace
        for unit in text {
            bonuses.append(bonus(previous: previous, current: unit.kind))
            previous = unit.kind
        }

        // best[i * count + j]: the best score with query[0...i] matched and query[i] at j.
        // from[i * count + j]: where query[i - 1] was matched on that best path.
        let none = Int.min / 4
        var best = [Int](repeating: none, count: queryCount * count)
        var from = [Int](repeating: -1, count: queryCount * count)
        for j in 0..<count where text[j].folded == query[0] {
            best[j] = matchScore + bonuses[j] * firstCharacterMultiplier
        }
        if queryCount > 1 {
            for i in 1..<queryCount {
                let row = i * count
                let above = (i - 1) * count
                // The best `best[above + k] + gapExtension * k` over k <= j - 2, for a gap.
                var gapKey = none
                var gapAt = -1
                for j in i..<count {
                    if j >= 2, best[above + j - 2] > none {
                        let key = best[above + j - 2] + gapExtension * (j - 2)
                        if key > gapKey {
                            gapKey = key
                            gapAt = j - 2
                        }
                    }
                    guard text[j].folded == query[i] else { continue }
                    var score = none
                    var at = -1
                    if best[above + j - 1] > none {
                        score = best[above + j - 1] + matchScore + max(bonuses[j], bonusConsecutive)
                        at = j - 1
                    }
                    if gapAt >= 0 {
                        let gapped = gapKey - gapExtension * (j - 2) - gapStart + matchScore + bonuses[j]
                        if gapped > score {
                            score = gapped
                            at = gapAt
                        }
                    }
                    best[row + j] = score
                    from[row + j] = at
                }
            }
        }

        let last = (queryCount - 1) * count
        var end = -1
        var top = none
        for j in 0..<count where best[last + j] > top {
            top = best[last + j]
            end = j
        }
        guard end >= 0 else { return nil }
        var positions = [Int](repeating: 0, count: queryCount)
        var j = end
        for i in stride(from: queryCount - 1, through: 0, by: -1) {
            positions[i] = j
            if i > 0 { j = from[i * count + j] }
        }
        return (top, positions)
    }

    private static func isSubsequence(_ query: [Folded], of text: [Unit]) -> Bool {
        var next = 0
        for unit in text where next < query.count && unit.folded == query[next] {
            next += 1
        }
        return next == query.count
    }

    /// A grapheme folded for case-insensitive comparison: a byte for ASCII, else its lower case.
    private enum Folded: Equatable {
        case ascii(UInt8)
        case other(String)
    }

    /// One grapheme of a query or candidate: folded, and classified for bonuses.
    private struct Unit {
        var folded: Folded
        var kind: CharacterClass
    }

    /// `text` grapheme by grapheme; ASCII text (the usual command or file name) byte by byte.
    private static func units(_ text: String) -> [Unit] {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return utf8.map { byte in
                let lowered = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                return Unit(folded: .ascii(lowered), kind: CharacterClass(ascii: byte))
            }
        }
        return text.map { character in
            let folded: Folded
            if let ascii = character.asciiValue, character != "\r\n" {
                folded = .ascii((0x41...0x5A).contains(ascii) ? ascii + 0x20 : ascii)
            } else {
                folded = .other(character.lowercased())
            }
            return Unit(folded: folded, kind: CharacterClass(character))
        }
    }

    /// What kind of character a match lands on or follows, for bonuses.
    private enum CharacterClass {
        case whitespace, delimiter, punctuation, lower, upper, number, letter

        init(_ character: Character) {
            if character.isWhitespace {
                self = .whitespace
            } else if FuzzyMatch.delimiters.contains(character) {
                self = .delimiter
            } else if character.isLowercase {
                self = .lower
            } else if character.isUppercase {
                self = .upper
            } else if character.isNumber {
                self = .number
            } else if character.isLetter {
                self = .letter
            } else {
                self = .punctuation
            }
        }

        init(ascii byte: UInt8) {
            switch byte {
            case 0x61...0x7A: self = .lower
            case 0x41...0x5A: self = .upper
            case 0x30...0x39: self = .number
            case 0x20, 0x09...0x0D: self = .whitespace
            case 0x2E, 0x2D, 0x5F, 0x2F, 0x5C, 0x3A, 0x2C, 0x3B, 0x7C: self = .delimiter
            default: self = .punctuation
            }
        }

        var isWord: Bool {
            switch self {
            case .lower, .upper, .number, .letter: return true
            case .whitespace, .delimiter, .punctuation: return false
            }
        }
    }

    private static let delimiters: Set<Character> = [".", "-", "_", "/", "\\", ":", ",", ";", "|"]

    private static func bonus(previous: CharacterClass, current: CharacterClass) -> Int {
        guard current.isWord else { return 0 }
        switch previous {
        case .whitespace: return bonusWhitespaceBoundary
        case .delimiter: return bonusDelimiterBoundary
        case .punctuation: return bonusBoundary
        case .lower where current == .upper: return bonusCamel
        case .lower, .upper, .letter: return current == .number ? bonusCamel : 0
        case .number: return 0
        }
    }
}
