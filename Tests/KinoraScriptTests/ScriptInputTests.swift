import Foundation
import Testing

@testable import KinoraScript

/// Files that are not tidy UTF-8 Fountain: binary, empty, Latin-1, CRLF and tabs, very large.
@Suite struct ScriptInputTests {
    @Test func binaryAndEmptyFilesAreRefusedNamingTheFile() {
        let png = Data([
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
        ])
        for reader in [FountainReader.read, FinalDraftReader.read] {
            #expect {
                try reader(png, "poster.fountain")
            } throws: { error in
                let message = (error as? ScriptError)?.userMessage ?? ""
                return message.hasPrefix("poster.fountain: ") && message.contains("binary")
            }
        }
        let controls = Data((0..<200).map { UInt8($0 % 8 + 1) })
        #expect(throws: ScriptError.self) { try FountainReader.read(controls, file: "x.fountain") }
        for empty in ["", "\n  \n\t\n", "# Only a section\n\n= and a synopsis\n\n[[and a note]]\n"] {
            #expect {
                try FountainReader.read(Data(empty.utf8), file: "empty.fountain")
            } throws: { error in
                (error as? ScriptError)?.userMessage.contains("no scenes or action") == true
            }
        }
    }

    @Test func latin1AndWindows1252AreReadWithAWarning() throws {
        // "INT. CAFÉ - DAY", "Zoë says “hi”." in Windows-1252.
        var bytes = Array("INT. CAF".utf8) + [0xC9] + Array(" - DAY\n\nZo".utf8) + [0xEB]
        bytes += Array(" says ".utf8) + [0x93] + Array("hi".utf8) + [0x94] + Array(".\n".utf8)
        let document = try FountainReader.read(Data(bytes), file: "cafe.fountain")
        #expect(
            document.elements == [
                .sceneHeading(text: "INT. CAFÉ - DAY", number: nil, line: 1),
                .action(text: "Zoë says “hi”.", line: 3),
            ])
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.contains("Windows-1252") == true)
        let utf8WithBOM = try FountainReader.read(
            Data([0xEF, 0xBB, 0xBF] + Array("INT. CAFÉ\n".utf8)), file: "b")
        #expect(utf8WithBOM.elements == [.sceneHeading(text: "INT. CAFÉ", number: nil, line: 1)])
        #expect(utf8WithBOM.warnings.isEmpty)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("INT. CAFÉ\n".data(using: .utf16LittleEndian) ?? Data())
        let fromUTF16 = try FountainReader.read(utf16, file: "u16.fountain")
        #expect(fromUTF16.elements == [.sceneHeading(text: "INT. CAFÉ", number: nil, line: 1)])
    }

    @Test func controlCharactersAreTakenOutWithTheLineNamed() throws {
        let text = "Title: \u{1B}]0;PWNED\u{07}Film\n\nINT. A\n\n\u{1B}[1;31HEVIL\u{1B}[2J\nHello.\n"
        let document = try FountainReader.read(Data(text.utf8), file: "escape.fountain")
        #expect(document.titlePageValue("title") == "]0;PWNEDFilm")
        let spoken = document.elements.compactMap { element -> String? in
            if case .dialogue(let block) = element { return block.character } else { return nil }
        }
        #expect(spoken == ["[1;31HEVIL[2J"])
        #expect(
            document.warnings == [
                "escape.fountain, line 1: control characters (such as terminal escapes) were taken out"
            ])
        let finalDraft = try FinalDraftReader.read(
            Data(
                """
                <?xml version="1.0"?>
                <FinalDraft DocumentType="Script"><Content>
                <Paragraph Type="Scene Heading"><Text>INT. A</Text></Paragraph>
                <Paragraph Type="Action"><Text>Bell \u{85}rings.</Text></Paragraph>
                </Content></FinalDraft>
                """.utf8), file: "c1.fdx")
        #expect(finalDraft.elements.last == .action(text: "Bell rings.", line: 4))
    }

    @Test func crlfLineEndsAndTabsReadAsLF() throws {
        let text =
            "Title: Tabs\r\n\r\nINT. A\r\n\r\n\t\t\t\tSTEEL\r\n\t\t(quietly)\r\n\tHi.\r\n\r\n\tHe sits.\r\n\r\n\t\tCUT TO:\r\n"
        let document = try FountainReader.read(Data(text.utf8), file: "crlf.fountain")
        #expect(document.titlePageValue("title") == "Tabs")
        #expect(
            document.elements == [
                .sceneHeading(text: "INT. A", number: nil, line: 3),
                .dialogue(
                    DialogueBlock(
                        character: "STEEL", parts: [.parenthetical("(quietly)"), .spoken("Hi.")], line: 5)),
                .action(text: "    He sits.", line: 9), .transition(text: "CUT TO:", line: 11),
            ])
        let oldMac = try FountainReader.read(Data("INT. A\r\rShe waits.\r".utf8), file: "cr.fountain")
        #expect(
            oldMac.elements == [
                .sceneHeading(text: "INT. A", number: nil, line: 1), .action(text: "She waits.", line: 3),
            ])
    }

    @Test func aLargeScriptReadsQuickly() throws {
        let scene =
            "INT. HOUSE - DAY #12#\n\nShe *waits* by the door [[a note]].\nThe clock ticks.\n\nSTEEL (V.O.)\n"
            + "(quietly)\nWe should go.\n\nCUT TO:\n\n"
        let repeats = 1_500_000 / scene.utf8.count
        let data = Data(String(repeating: scene, count: repeats).utf8)
        let started = ContinuousClock.now
        let document = try FountainReader.read(data, file: "big.fountain")
        let elapsed = ContinuousClock.now - started
        #expect(document.elements.count == repeats * 5)
        #expect(document.elements.last == .transition(text: "CUT TO:", line: repeats * 11 - 1))
        // Debug builds are several times slower than release; this catches a quadratic pass, not noise.
        #expect(elapsed < .seconds(20))
    }
}
