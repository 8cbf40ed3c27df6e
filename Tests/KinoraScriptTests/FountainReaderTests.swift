import Foundation
import Testing

@testable import KinoraScript

/// Each Fountain element read from a small inline script.
@Suite struct FountainReaderTests {
    /// The elements of `text` read as `test.fountain`.
    static func elements(_ text: String) throws -> [ScriptElement] {
        try FountainReader.read(Data(text.utf8), file: "test.fountain").elements
    }

    @Test func titlePageKeysAndIndentedValues() throws {
        let text =
            "Title:\n\t_**BRICK & STEEL**_\n\tFULL RETIRED\nAuthor: Stu Maschwitz\nDraft date: 1/20/2012\n\n"
            + "FADE IN:\n\nEXT. PATIO - DAY\n"
        let document = try FountainReader.read(Data(text.utf8), file: "t.fountain")
        #expect(document.titlePage.map(\.key) == ["Title", "Author", "Draft date"])
        #expect(document.titlePageValue("title") == "BRICK & STEEL\nFULL RETIRED")
        #expect(document.titlePageValue("author") == "Stu Maschwitz")
        #expect(document.elements.first == .transition(text: "FADE IN:", line: 7))
        // A script opening with FADE IN: has no title page.
        let untitled = try FountainReader.read(
            Data("FADE IN:\n\nEXT. PATIO - DAY\n".utf8), file: "u.fountain")
        #expect(untitled.titlePage.isEmpty)
    }

    @Test(
        arguments: [
            ("INT. KITCHEN - NIGHT", "INT. KITCHEN - NIGHT", nil),
            ("ext. garden - day", "ext. garden - day", nil),
            ("EST. CITY", "EST. CITY", nil),
            ("INT./EXT. CAR - MOVING", "INT./EXT. CAR - MOVING", nil),
            ("INT/EXT CAR", "INT/EXT CAR", nil),
            ("I/E. PORCH", "I/E. PORCH", nil),
            (".SNIPER SCOPE POV", "SNIPER SCOPE POV", nil),
            ("INT. HOUSE - DAY #1A#", "INT. HOUSE - DAY", "1A"),
            ("EXT. ROAD #110.2-B#", "EXT. ROAD", "110.2-B"),
        ] as [(String, String, String?)])
    func sceneHeadings(line: String, text: String, number: String?) throws {
        let elements = try Self.elements("\(line)\n\nShe waits.\n")
        #expect(elements.first == .sceneHeading(text: text, number: number, line: 1))
    }

    @Test func notHeadingsAreAction() throws {
        let elements = try Self.elements("...and then.\n\nINTERIOR design matters.\n\n!INT. FORCED ACTION\n")
        #expect(
            elements == [
                .action(text: "...and then.", line: 1), .action(text: "INTERIOR design matters.", line: 3),
                .action(text: "INT. FORCED ACTION", line: 5),
            ])
    }

    @Test func aHeadingNeedsNoBlankLineAfterIt() throws {
        let elements = try Self.elements("INT. A #3#\nShe walks [[a note\nover two lines]] on.\n")
        #expect(
            elements == [
                .sceneHeading(text: "INT. A", number: "3", line: 1), .action(text: "She walks on.", line: 2),
                .note(text: "a note\nover two lines", line: 2),
            ])
    }

    @Test func actionKeepsLineBreaksAndIndentation() throws {
        let elements = try Self.elements(
            "EXT. DAY\n\nA long beat.\nLonger.\n\tIndented.\n  \nAfter a kept blank.\n")
        #expect(
            elements[1]
                == .action(text: "A long beat.\nLonger.\n    Indented.\n\nAfter a kept blank.", line: 3))
    }

    @Test func dialogueWithExtensionsParentheticalsAndDual() throws {
        let script =
            "INT. ROOM\n\nSTEEL (V.O.) (CONT'D)\n(beer raised)\nTo retirement.\nAnd more.\n\n"
            + "BRICK ^\nTo retirement.\n\n@McCLANE\nYippee.\n\nMIMI (O.S.)\n  \nHello?\n"
        let elements = try Self.elements(script)
        #expect(
            elements[1]
                == .dialogue(
                    DialogueBlock(
                        character: "STEEL", extensions: ["V.O.", "CONT'D"],
                        parts: [.parenthetical("(beer raised)"), .spoken("To retirement.\nAnd more.")],
                        line: 3)))
        #expect(
            elements[2]
                == .dialogue(
                    DialogueBlock(
                        character: "BRICK", parts: [.spoken("To retirement.")], isDual: true, line: 8)))
        #expect(
            elements[3]
                == .dialogue(DialogueBlock(character: "McCLANE", parts: [.spoken("Yippee.")], line: 11)))
        #expect(
            elements[4]
                == .dialogue(
                    DialogueBlock(
                        character: "MIMI", extensions: ["O.S."], parts: [.spoken("\nHello?")], line: 14)))
    }

    @Test func transitionsCentredSectionsSynopsesAndPageBreaks() throws {
        let script =
            "# Act One\n\n## Seq\n\n= They meet.\n\nINT. A\n\nWalk.\n\nCUT TO:\n\n> BURN TO PINK.\n\n"
            + "FADE OUT.\n\n> THE END <\n> REALLY <\n\n===\n\nEXT. B\n"
        let elements = try Self.elements(script)
        #expect(
            elements == [
                .section(text: "Act One", depth: 1, line: 1), .section(text: "Seq", depth: 2, line: 3),
                .synopsis(text: "They meet.", line: 5), .sceneHeading(text: "INT. A", number: nil, line: 7),
                .action(text: "Walk.", line: 9), .transition(text: "CUT TO:", line: 11),
                .transition(text: "BURN TO PINK.", line: 13), .transition(text: "FADE OUT.", line: 15),
                .centered(text: "THE END\nREALLY", line: 17), .pageBreak(line: 20),
                .sceneHeading(text: "EXT. B", number: nil, line: 22),
            ])
    }

    @Test func notesStandaloneInlineAndShotMarkers() throws {
        let script =
            "INT. A\n\n[[A standalone note.]]\n\nShe runs [[faster?]] home.\n\n[[shot]]\n\n"
            + "[[SHOT: close on the door]]\n\nSTEEL\nHi. [[too short]]\n\nDoor opens. [[Shot]]\n"
            + "\n[[SHOT: hands]]\nSteel laughs.\n"
        let elements = try Self.elements(script)
        #expect(
            elements == [
                .sceneHeading(text: "INT. A", number: nil, line: 1),
                .note(text: "A standalone note.", line: 3),
                .action(text: "She runs home.", line: 5), .note(text: "faster?", line: 5),
                .shotMarker(label: nil, line: 7), .shotMarker(label: "close on the door", line: 9),
                .dialogue(DialogueBlock(character: "STEEL", parts: [.spoken("Hi.")], line: 11)),
                .note(text: "too short", line: 12), .action(text: "Door opens.", line: 14),
                .shotMarker(label: nil, line: 14),
                // A marker on the line above its paragraph opens it.
                .shotMarker(label: "hands", line: 16), .action(text: "Steel laughs.", line: 16),
            ])
    }

    @Test func boneyardIsRemovedAndLinesKeepTheirNumbers() throws {
        let elements = try Self.elements(
            "INT. A\n\n/* a cut\nscene\n\nEXT. GONE */\n\nShe stays. /* not this */\n")
        #expect(
            elements == [
                .sceneHeading(text: "INT. A", number: nil, line: 1), .action(text: "She stays.", line: 8),
            ])
    }

    @Test func lyricsAreActionWithTheirMarks() throws {
        let elements = try Self.elements("INT. A\n\n~Willy Wonka! Willy Wonka!\n~The amazing chocolatier!\n")
        #expect(
            elements[1] == .action(text: "~Willy Wonka! Willy Wonka!\n~The amazing chocolatier!", line: 3))
        #expect(FountainReader.plainText("~Willy Wonka!\n~ The amazing") == "Willy Wonka!\nThe amazing")
    }

    @Test(arguments: [
        ("*italic* and **bold** and ***both***", "italic and bold and both"),
        ("_underlined_ and snake_case", "underlined and snake_case"),
        ("a \\*literal\\* star", "a *literal* star"),
        ("_**BRICK & STEEL**_", "BRICK & STEEL"),
    ])
    func plainTextRemovesEmphasis(marked: String, plain: String) {
        #expect(FountainReader.plainText(marked) == plain)
    }

    @Test func emphasisIsKeptInElementText() throws {
        let elements = try Self.elements("INT. A\n\n*Leupold* _scope_.\n")
        #expect(elements[1] == .action(text: "*Leupold* _scope_.", line: 3))
    }
}
