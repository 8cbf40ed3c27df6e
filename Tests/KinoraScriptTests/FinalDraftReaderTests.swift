import Foundation
import Testing

@testable import KinoraScript

/// Final Draft XML read into the same elements as Fountain, and its bad inputs.
@Suite struct FinalDraftReaderTests {
    /// A Final Draft document whose `<Content>` holds `paragraphs`.
    static func fdx(_ paragraphs: String) -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="no" ?>
            <FinalDraft DocumentType="Script" Template="No" Version="5">
            <Content>
            \(paragraphs)
            </Content>
            <TitlePage><Content>
            <Paragraph Type="General"><Text>THE TITLE</Text></Paragraph>
            <Paragraph Type="General"><Text>Written by</Text></Paragraph>
            <Paragraph Type="General"><Text>A. Writer</Text></Paragraph>
            </Content></TitlePage>
            </FinalDraft>
            """.utf8)
    }

    @Test func paragraphTypesBecomeElements() throws {
        let document = try FinalDraftReader.read(
            Self.fdx(
                """
                <Paragraph Number="1A" Type="Scene Heading"><Text>INT. HOUSE - DAY</Text></Paragraph>
                <Paragraph Type="Scene Heading"><SceneProperties Number="2"/><Text>EXT. ROAD</Text></Paragraph>
                <Paragraph Type="Action"><Text>She </Text><Text Style="Bold">runs</Text><Text>.</Text></Paragraph>
                <Paragraph Type="Shot"><Text>CLOSE ON THE DOOR</Text></Paragraph>
                <Paragraph Type="Character"><Text>MIMI (V.O.)</Text></Paragraph>
                <Paragraph Type="Parenthetical"><Text>(quietly)</Text></Paragraph>
                <Paragraph Type="Dialogue"><Text>Hello.</Text></Paragraph>
                <Paragraph Type="Dialogue"><Text>Again.</Text></Paragraph>
                <Paragraph><DualDialogue>
                <Paragraph Type="Character"><Text>STEEL</Text></Paragraph>
                <Paragraph Type="Dialogue"><Text>Now.</Text></Paragraph>
                <Paragraph Type="Character"><Text>BRICK</Text></Paragraph>
                <Paragraph Type="Dialogue"><Text>Now.</Text></Paragraph>
                </DualDialogue></Paragraph>
                <Paragraph Type="Transition"><Text>CUT TO:</Text></Paragraph>
                """), file: "t.fdx")
        #expect(document.titlePageValue("title") == "THE TITLE")
        #expect(document.titlePageValue("author") == "A. Writer")
        #expect(document.warnings.isEmpty)
        #expect(
            document.elements == [
                .sceneHeading(text: "INT. HOUSE - DAY", number: "1A", line: 4),
                .sceneHeading(text: "EXT. ROAD", number: "2", line: 5), .action(text: "She runs.", line: 6),
                .shotMarker(label: "CLOSE ON THE DOOR", line: 7),
                .dialogue(
                    DialogueBlock(
                        character: "MIMI", extensions: ["V.O."],
                        parts: [.parenthetical("(quietly)"), .spoken("Hello.\nAgain.")],
                        line: 8)),
                .dialogue(DialogueBlock(character: "STEEL", parts: [.spoken("Now.")], line: 13)),
                .dialogue(
                    DialogueBlock(character: "BRICK", parts: [.spoken("Now.")], isDual: true, line: 15)),
                .transition(text: "CUT TO:", line: 18),
            ])
    }

    @Test func unknownParagraphTypesAreReadAsActionWithAWarning() throws {
        let document = try FinalDraftReader.read(
            Self.fdx(
                """
                <Paragraph Type="Scene Heading"><Text>INT. A</Text></Paragraph>
                <Paragraph Type="Lyrics"><Text>La la la.</Text></Paragraph>
                <Paragraph Type="Lyrics"><Text>La la.</Text></Paragraph>
                <Paragraph><Text>No type.</Text></Paragraph>
                """), file: "t.fdx")
        #expect(
            document.elements == [
                .sceneHeading(text: "INT. A", number: nil, line: 4), .action(text: "La la la.", line: 5),
                .action(text: "La la.", line: 6), .action(text: "No type.", line: 7),
            ])
        #expect(
            document.warnings == [
                "t.fdx, line 5: paragraphs of type \"Lyrics\" were read as action",
                "t.fdx, line 7: paragraphs without a Type were read as action",
            ])
    }

    @Test func latin1FilesAreReadWithOrWithoutADeclaration() throws {
        func document(_ declaration: String) throws -> ScriptDocument {
            var bytes = Array((declaration + "<FinalDraft DocumentType=\"Script\"><Content>\n").utf8)
            bytes += Array("<Paragraph Type=\"Scene Heading\"><Text>INT. CAF".utf8) + [0xC9]
            bytes += Array("</Text></Paragraph>\n</Content></FinalDraft>\n".utf8)
            return try FinalDraftReader.read(Data(bytes), file: "cafe.fdx")
        }
        let undeclared = try document("")
        #expect(undeclared.elements == [.sceneHeading(text: "INT. CAFÉ", number: nil, line: 2)])
        #expect(undeclared.warnings.count == 1 && undeclared.warnings[0].contains("Windows-1252"))
        let declared = try document("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n")
        #expect(declared.elements == [.sceneHeading(text: "INT. CAFÉ", number: nil, line: 3)])
        #expect(declared.warnings.isEmpty, "a declared encoding is no guess")
    }

    @Test func malformedForeignAndEmptyDocumentsAreRefused() {
        let malformed = Data(
            "<?xml version=\"1.0\"?>\n<FinalDraft>\n<Content>\n<Paragraph Type=\"Action\">\n</Content>".utf8)
        #expect {
            try FinalDraftReader.read(malformed, file: "broken.fdx")
        } throws: { error in
            guard let error = error as? ScriptError else { return false }
            return error.file == "broken.fdx" && error.line == 5
                && error.reason.contains("not well-formed XML")
        }
        let foreign = Data("<?xml version=\"1.0\"?>\n<svg><rect/></svg>\n".utf8)
        #expect {
            try FinalDraftReader.read(foreign, file: "pic.fdx")
        } throws: { error in
            (error as? ScriptError)?.userMessage.contains("not a Final Draft script (its root is <svg>")
                == true
        }
        #expect {
            try FinalDraftReader.read(Self.fdx(""), file: "blank.fdx")
        } throws: { error in
            (error as? ScriptError)?.userMessage.contains("no scenes or action") == true
        }
        #expect(throws: ScriptError.self) { try FinalDraftReader.read(Data(), file: "zero.fdx") }
        #expect {
            try FinalDraftReader.read(Data("INT. HOUSE - DAY\n\nShe waits.\n".utf8), file: "fountain.fdx")
        } throws: { error in
            (error as? ScriptError)?.userMessage.contains("not XML") == true
        }
    }
}
