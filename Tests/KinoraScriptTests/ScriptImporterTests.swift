import Foundation
import KinoraCore
import Testing

@testable import KinoraScript

/// What each screenplay element becomes in the storyboard.
@Suite struct ScriptImporterTests {
    /// An empty storyboard to import into.
    static func emptyProject() throws -> Project {
        Project(
            title: "untitled", fps: try #require(FrameRate(parsing: "12")),
            size: try #require(FrameSize(parsing: "160x90")))
    }

    /// A script using every element once.
    static let everyElement = ScriptDocument(
        titlePage: [
            (key: "Title", value: "_Brick_ & Steel"), (key: "Author", value: "Stu"),
            (key: "Draft date", value: "6/23/2012"),
        ],
        elements: [
            .section(text: "Act One", depth: 1, line: 5),
            .sceneHeading(text: "EXT. BRICK'S PATIO - DAY", number: "1", line: 6),
            .synopsis(text: "Brick grills.", line: 7),
            .action(text: "BRICK flips a *burger*.", line: 8),
            .dialogue(
                DialogueBlock(
                    character: "BRICK", extensions: ["V.O."],
                    parts: [.parenthetical("(quietly)"), .spoken("Hello there.")], line: 10)),
            .note(text: "Use the long lens.", line: 13),
            .transition(text: "DISSOLVE TO:", line: 14),
            .pageBreak(line: 15),
            .sceneHeading(text: "INT. GARAGE - NIGHT", number: nil, line: 16),
            .shotMarker(label: "wide", line: 17),
            .action(text: "STEEL waits.", line: 18),
            .action(text: "The door opens.", line: 20),
            .dialogue(DialogueBlock(character: "STEEL", parts: [.spoken("Late again.")], line: 22)),
            .dialogue(
                DialogueBlock(character: "BRICK", parts: [.spoken("Traffic.")], isDual: true, line: 24)),
            .transition(text: "FADE OUT.", line: 26),
            .centered(text: "BRICK RETURNS", line: 28),
        ])

    @Test func everyElementBecomesItsField() throws {
        let result = try ScriptImporter.merge(
            Self.everyElement, into: try Self.emptyProject(), file: "brick.fountain")
        let project = result.project
        #expect(project.title == "Brick & Steel")
        #expect(ScriptImporter.author(of: Self.everyElement) == "Stu")
        #expect(ScriptImporter.draftDate(of: Self.everyElement) == "6/23/2012")
        #expect(project.shots.count == 3)
        let (patio, garage, slate) = (project.shots[0], project.shots[1], project.shots[2])
        // Scene, its number, its location, its notes.
        #expect(patio.scene == "EXT. BRICK'S PATIO - DAY")
        #expect(patio.scriptKey?.sceneNumber == "1")
        #expect(patio.label == "1A")
        #expect(patio.location == "Bricks_Patio")
        #expect(project.castEntry(named: "Bricks_Patio")?.kind == .location)
        #expect(project.castEntry(named: "Bricks_Patio")?.description == "BRICK'S PATIO")
        #expect(patio.sceneNotes == "Act One\nBrick grills.")
        // Action, prompt without emphasis and with the speaker's mention, dialogue, note, transition.
        #expect(patio.action == "BRICK flips a *burger*.")
        #expect(patio.prompt == "@Brick flips a burger.")
        #expect(patio.dialogue == "BRICK (V.O.): (quietly) Hello there.")
        #expect(patio.notes == "Use the long lens.")
        #expect(patio.transition == .dissolve(frames: 12))
        #expect(patio.mode == .slate)
        // 4 action words: 0.2·4 + 0.5; 2 spoken words: 0.3·2 + 1.
        #expect(patio.duration == 2.9)
        #expect(patio.durationEstimated == true)
        // A marker gathers the paragraphs after it; its label is the shot's.
        #expect(garage.label == "wide")
        #expect(garage.action == "STEEL waits.\n\nThe door opens.")
        #expect(garage.dialogue == "STEEL: Late again.\nBRICK ^: Traffic.", "dual dialogue keeps its ^")
        #expect(garage.location == "Garage")
        #expect(garage.sceneNotes == nil)
        #expect(garage.transition == .fade(frames: 12))
        #expect(garage.prompt == "@Steel waits. The door opens.")
        // Centred text is a slate.
        #expect(slate.mode == .slate)
        #expect(slate.prompt == "BRICK RETURNS", "a slate's words stay as written")
        #expect(slate.duration == 1)
        // Speakers are characters, each once.
        #expect(project.cast.filter { $0.kind == .character }.map(\.name) == ["Brick", "Steel"])
        #expect(result.changes(.added).count == 3)
        #expect(result.changes(.cast).count == 4)
        #expect(result.changes(.title).first?.text == "Brick & Steel")
        #expect(Set(project.shots.map(\.id)).count == 3)
        // A re-import keeps the title the person has since.
        var renamed = project
        renamed.title = "Mine"
        renamed.script = ScriptSource(
            file: "brick.fountain", sha256: "", importedAt: Date(timeIntervalSince1970: 0))
        let again = try ScriptImporter.merge(Self.everyElement, into: renamed, file: "brick.fountain")
        #expect(again.project.title == "Mine")
        #expect(again.changes.allSatisfy { $0.kind == .unchanged })
    }

    @Test func transitionsAndPlacesReadAsAPersonExpects() {
        #expect(ScriptImporter.transition(for: "CUT TO:") == .cut)
        #expect(ScriptImporter.transition(for: "SMASH CUT TO:") == .cut)
        #expect(ScriptImporter.transition(for: "FADE TO BLACK.") == .fade(frames: 12))
        #expect(ScriptImporter.placeWords(of: "INT./EXT. CAR - MOVING") == "CAR")
        #expect(ScriptImporter.placeWords(of: "I/E RAILWAY STATION") == "RAILWAY STATION")
        #expect(ScriptImporter.placeWords(of: "INT. LIGHTHOUSE - STAIRWELL - DAY") == "LIGHTHOUSE STAIRWELL")
        #expect(ScriptImporter.placeWords(of: "EXT. ROAD - LATE NIGHT (FLASHBACK)") == "ROAD")
        #expect(ScriptImporter.placeWords(of: ".SNIPER SCOPE POV") == nil)
        #expect(ScriptImporter.placeWords(of: ".FLASHBACK") == nil)
        #expect(ScriptImporter.castName("MR. SMITH") == "Mr_Smith")
        #expect(ScriptImporter.castName("!!!") == nil)
        #expect(ScriptImporter.castName(String(repeating: "A", count: 60))?.count == 40)
        #expect(ScriptImporter.letters(27) == "AB")
    }

    @Test func scriptsWithNothingToImportAreRefusedNamingTheFile() throws {
        let empty = try Self.emptyProject()
        #expect(
            throws: ScriptError(
                file: "a.fountain", reason: "the script is empty; write at least one scene (INT. PLACE - DAY)"
            )
        ) {
            try ScriptImporter.merge(ScriptDocument(), into: empty, file: "a.fountain")
        }
        let noHeading = ScriptDocument(elements: [.action(text: "Just words.", line: 3)])
        do {
            _ = try ScriptImporter.merge(noHeading, into: try Self.emptyProject(), file: "b.fountain")
            Issue.record("a script without a scene heading was imported")
        } catch let error as ScriptError {
            #expect(error.userMessage.hasPrefix("b.fountain, line 3: the script has no scene heading"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
