import Foundation
import Testing

@testable import KinoraScript

/// Stu Maschwitz's sample screenplay, as Fountain and as Final Draft XML.
@Suite struct BrickAndSteelTests {
    /// The fixture file `name`.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// The scene headings, speakers and speeches (markup removed) of `document`.
    static func structure(_ document: ScriptDocument) -> (
        headings: [String], speakers: [String], speech: [String]
    ) {
        var headings: [String] = []
        var speakers: [String] = []
        var speech: [String] = []
        for element in document.elements {
            switch element {
            case .sceneHeading(let text, _, _): headings.append(text)
            case .dialogue(let block):
                speakers.append(block.character)
                speech.append(
                    block.parts.map { part in
                        switch part {
                        case .spoken(let text), .parenthetical(let text): FountainReader.plainText(text)
                        }
                    }.joined(separator: " | "))
            default: break
            }
        }
        return (headings, speakers, speech)
    }

    @Test func theFountainAndTheFinalDraftVersionsAgree() throws {
        let fountain = try LoadedScript(
            Self.fixture("brick-and-steel.fountain"), file: "brick-and-steel.fountain"
        ).document
        let finalDraft = try LoadedScript(Self.fixture("brick-and-steel.fdx"), file: "brick-and-steel.fdx")
            .document
        let fromFountain = Self.structure(fountain)
        let fromFinalDraft = Self.structure(finalDraft)
        #expect(fountain.titlePageValue("title") == "BRICK & STEEL\nFULL RETIRED")
        #expect(fountain.titlePageValue("author") == "Stu Maschwitz")
        #expect(finalDraft.titlePageValue("author") == "Stu Maschwitz")
        #expect(
            fromFountain.headings == [
                "EXT. BRICK'S PATIO - DAY", "INT. TRAILER HOME - DAY", "EXT. BRICK'S POOL - DAY",
                "SNIPER SCOPE POV",
                "OPENING TITLES", "EXT. WOODEN SHACK - DAY", "INT. GARAGE - DAY",
                "EXT. PALATIAL MANSION - DAY",
            ])
        #expect(
            Set(fromFountain.speakers) == [
                "STEEL", "BRICK", "JACK", "DAN", "COGNITO", "MINION", "HANDSOME MAN",
            ])
        #expect(
            fromFountain.speech.contains(
                "(in Vietnamese, subtitled) | Did you know Brick and Steel are retired?"))
        #expect(fromFinalDraft.headings == fromFountain.headings)
        #expect(fromFinalDraft.speakers == fromFountain.speakers)
        #expect(fromFinalDraft.speech == fromFountain.speech)
        #expect(
            fountain.elements.contains { if case .dialogue(let block) = $0 { block.isDual } else { false } })
        #expect(fountain.elements.last == .centered(text: "THE END", line: 160))
        let centred = { (document: ScriptDocument) in
            document.elements.compactMap { if case .centered(let text, _) = $0 { text } else { nil } }
        }
        #expect(centred(finalDraft) == centred(fountain))
        #expect(centred(fountain).first == "BRICK BRADDOCK\n& DICK STEEL IN")
    }
}
