import Testing

@testable import KinoraStudio

@Suite("FuzzyMatch: subsequence scoring and ranking")
struct FuzzyMatchTests {
    @Test("a match at a word start scores above one in the middle of a word")
    func wordStartBeatsMidWord() throws {
        let start = try #require(FuzzyMatch.score("gen", in: "take.generate"))
        let middle = try #require(FuzzyMatch.score("gen", in: "regenerate"))
        #expect(start.score > middle.score)
        let camel = try #require(FuzzyMatch.score("g", in: "takeGenerate"))
        let plain = try #require(FuzzyMatch.score("g", in: "settings"))
        #expect(camel.score > plain.score)
        #expect(camel.positions == [4])
    }

    @Test("\"tg\" ranks take.generate above settings")
    func ranksCommands() {
        let ranked = FuzzyMatch.rank("tg", ["settings", "shot.next", "take.generate"])
        #expect(ranked.map(\.index) == [2, 0])
        #expect(ranked.first?.positions == [0, 5])
    }

    @Test("no match when the query is not a subsequence; case is ignored")
    func notSubsequence() {
        #expect(FuzzyMatch.score("xyz", in: "take.generate") == nil)
        #expect(FuzzyMatch.score("gt", in: "tg") == nil)
        #expect(FuzzyMatch.score("takes", in: "take") == nil)
        #expect(FuzzyMatch.score("SN", in: "shot.next")?.positions == [0, 5])
    }

    @Test("positions follow the best alignment, not the first one")
    func positions() {
        #expect(FuzzyMatch.score("gen", in: "regenerate gen")?.positions == [11, 12, 13])
        #expect(FuzzyMatch.score("expo", in: "project.export")?.positions == [8, 9, 10, 11])
        #expect(FuzzyMatch.score("世界", in: "你好世界")?.positions == [2, 3])
        #expect(FuzzyMatch.score("tgen", in: "take.generate")?.positions == [0, 5, 6, 7])
    }

    @Test("an empty query matches everything with score 0, in order")
    func emptyQuery() {
        #expect(FuzzyMatch.score("", in: "anything")?.score == 0)
        #expect(FuzzyMatch.score("", in: "anything")?.positions == [])
        #expect(FuzzyMatch.rank("", ["b", "a", "c"]).map(\.index) == [0, 1, 2])
    }

    @Test("equal scores keep the candidates' order; a prefix match comes first")
    func stableAndPrefix() {
        #expect(FuzzyMatch.rank("a", ["xa", "ya", "za"]).map(\.index) == [0, 1, 2])
        let ranked = FuzzyMatch.rank("shot", ["take.shot", "reshoot", "shot.next"])
        #expect(ranked.map(\.index) == [2, 0, 1])
    }
}
