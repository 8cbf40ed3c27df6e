import Foundation
import KinoraCore
import Testing

@testable import KinoraScript

/// A re-import merges: shots keep their takes and everything the person did.
@Suite struct ScriptMergeTests {
    /// Three scenes of plain paragraphs.
    static func script(_ scenes: [(String, [String])]) -> ScriptDocument {
        var elements: [ScriptElement] = []
        for (heading, paragraphs) in scenes {
            elements.append(.sceneHeading(text: heading, number: nil, line: 1))
            elements += paragraphs.map { .action(text: $0, line: 2) }
        }
        return ScriptDocument(elements: elements)
    }

    static let original = script([
        (
            "INT. KITCHEN - NIGHT",
            ["Mimi opens the fridge and stares at the empty shelves.", "The light flickers twice."]
        ),
        ("EXT. ROOF - DAWN", ["Bo watches the sun come up over the harbour cranes."]),
        ("INT. HALL - DAY", ["A long corridor with a single chair at the end."]),
    ])

    /// The original imported, with a take on every shot and a hand-made shot after the second.
    static func worked() throws -> Project {
        var project = try ScriptImporter.merge(
            original, into: try ScriptImporterTests.emptyProject(), file: "f"
        ).project
        for index in project.shots.indices {
            let request = TakeRequest(
                backend: "builtin", engineVersion: "1", mode: .slate, prompt: "", negativePrompt: "",
                source: nil,
                sourceHash: nil, inPoint: nil, outPoint: nil, duration: 2, fps: project.fps,
                size: project.size,
                seed: 7, settings: GenerationSettings())
            let take = Take(
                id: TakeID(serial: 1), seed: 7, request: request, createdAt: Date(timeIntervalSince1970: 0))
            project.shots[index].takes = [take]
            project.shots[index].chosenTake = take.id
            project.shots[index].seedLocked = true
        }
        project.shots[0].prompt = "my own prompt"
        project.shots[0].notes = "my note"
        let hand = Shot(
            id: ShotID(serial: 1), label: "", prompt: "insert: a clock", mode: .slate, duration: 2, seed: 3)
        _ = project.addShot(hand, afterIndex: 1)
        return project
    }

    @Test func reimportingKeepsTakesAcrossRewordsMovesInsertsAndDeletes() throws {
        let before = try Self.worked()
        let ids = before.shots.map(\.id)  // kitchen 1, kitchen 2, hand, roof, hall
        let edited = Self.script([
            ("EXT. ROOF - DAWN", ["Bo watches the sun come up over the harbour."]),
            (
                "INT. KITCHEN - NIGHT",
                ["Mimi opens the fridge and stares at the empty shelves.", "A cat jumps onto the table."]
            ),
        ])
        let result = try ScriptImporter.merge(edited, into: before, file: "f")
        let after = result.project
        // The moved, reworded roof shot comes first and keeps its take; the prompt it drafted follows the text.
        #expect(after.shots[0].id == ids[3])
        #expect(after.shots[0].takes.count == 1)
        #expect(after.shots[0].chosenTake == TakeID(serial: 1))
        #expect(after.shots[0].action == "Bo watches the sun come up over the harbour.")
        #expect(after.shots[0].prompt == "Bo watches the sun come up over the harbour.")
        // The hall's text is gone: kept, marked, with its take, right after the shot it followed.
        #expect(after.shots[1].id == ids[4])
        #expect(after.shots[1].removedFromScript == true)
        #expect(after.shots[1].takes.count == 1)
        // The unchanged kitchen shot keeps the person's prompt and notes.
        #expect(after.shots[2].id == ids[0])
        #expect(after.shots[2].prompt == "my own prompt")
        #expect(after.shots[2].notes == "my note")
        #expect(after.shots[2].seedLocked)
        // The flicker's text is gone too; the hand-made shot stays after it.
        #expect(after.shots[3].id == ids[1])
        #expect(after.shots[3].removedFromScript == true)
        #expect(after.shots[4].id == ids[2])
        #expect(after.shots[4].scriptKey == nil)
        // The cat is new, after the kitchen's other shots.
        #expect(after.shots[5].action == "A cat jumps onto the table.")
        #expect(after.shots[5].takes.isEmpty)
        #expect(!ids.contains(after.shots[5].id))
        #expect(after.shots[5].scene == "INT. KITCHEN - NIGHT")
        #expect(after.shots.count == 6)
        #expect(result.changes(.removed).count == 2)
        #expect(result.changes(.added).count == 1)
        #expect(result.changes(.updated).map(\.shot) == [ids[3].rawValue])
        #expect(result.changes(.unchanged).count == 1)
        // Importing the same script again changes nothing.
        let again = try ScriptImporter.merge(edited, into: after, file: "f")
        #expect(again.project.shots.map(\.id) == after.shots.map(\.id))
        #expect(again.changes.allSatisfy { $0.kind == .unchanged })
    }

    @Test func aRemovedShotStaysInItsSceneWhenScenesMove() throws {
        let first = Self.script([
            ("INT. A", ["Ada reads."]), ("INT. B", ["Bo sleeps."]), ("EXT. C", ["Rain falls.", "Cy runs."]),
        ])
        let project = try ScriptImporter.merge(first, into: try ScriptImporterTests.emptyProject(), file: "f")
            .project
        let ids = project.shots.map(\.id)
        // B moves ahead of A, and C loses the paragraph that opened it.
        let edited = Self.script([
            ("INT. B", ["Bo sleeps."]), ("INT. A", ["Ada reads."]), ("EXT. C", ["Cy runs."]),
        ])
        let after = try ScriptImporter.merge(edited, into: project, file: "f").project
        #expect(after.shots.map(\.id) == [ids[1], ids[0], ids[2], ids[3]])
        #expect(after.shots[2].removedFromScript == true)
    }

    @Test func aDurationThePersonSetStaysAndARemovedShotComesBack() throws {
        var project = try Self.worked()
        project.shots[0].duration = 6
        project.shots[0].durationEstimated = false
        let shortened = Self.script([("INT. KITCHEN - NIGHT", ["Mimi opens the fridge."])])
        let first = try ScriptImporter.merge(shortened, into: project, file: "f").project
        #expect(first.shots[0].duration == 6)
        #expect(first.shots.filter { $0.removedFromScript == true }.count == 3)
        let restored = try ScriptImporter.merge(Self.original, into: first, file: "f")
        #expect(restored.project.shots.allSatisfy { $0.removedFromScript == nil })
        #expect(restored.changes(.added).isEmpty)
    }
}

/// Re-imports that once went wrong: a weak match in place over a strong one elsewhere, an edited heading,
/// the person's own transition and location, and what the importer should say.
@Suite struct ScriptRematchTests {
    static func imported(_ document: ScriptDocument) throws -> Project {
        try ScriptImporter.merge(document, into: try ScriptImporterTests.emptyProject(), file: "f").project
    }

    @Test func aStrongMatchElsewhereBeatsAWeakOneInPlace() throws {
        let project = try Self.imported(
            ScriptMergeTests.script([
                (
                    "INT. BAR - DAY",
                    [
                        "Brick sits at the table with a beer.",
                        "Steel sits at the table with a coffee and smiles.",
                    ]
                )
            ]))
        let ids = project.shots.map(\.id)
        // Brick's paragraph is cut and Steel's reworded: Steel's shot keeps Steel's text.
        let after = try ScriptImporter.merge(
            ScriptMergeTests.script([("INT. BAR - DAY", ["Steel sits at the table with a tea and smiles."])]),
            into: project, file: "f"
        ).project
        #expect(
            after.shots.first { $0.id == ids[1] }?.action == "Steel sits at the table with a tea and smiles.")
        #expect(after.shots.first { $0.id == ids[1] }?.removedFromScript == nil)
        #expect(after.shots.first { $0.id == ids[0] }?.removedFromScript == true)
    }

    @Test func anEditedHeadingKeepsItsShotsAndThePersonsTransitionAndLocationStay() throws {
        var project = try Self.imported(
            ScriptMergeTests.script([
                ("INT. KITCHEN - NIGHT", ["Mimi cooks.", "STEEL: Yes."]), ("EXT. ROOF - DAY", ["Bo waits."]),
            ]))
        let ids = project.shots.map(\.id)
        project.shots[0].transition = .dissolve(frames: 6)
        project.shots[2].location = nil
        let result = try ScriptImporter.merge(
            ScriptMergeTests.script([
                ("INT. KITCHEN - DAY", ["Mimi cooks slowly.", "IRON: Yes."]),
                ("EXT. ROOF - DAY", ["Bo waits."]),
            ]), into: project, file: "f")
        #expect(result.project.shots.map(\.id) == ids)
        #expect(result.project.shots[1].action == "IRON: Yes.")
        #expect(result.project.shots[0].transition == .dissolve(frames: 6))
        #expect(result.project.shots[2].location == nil)
        #expect(result.changes(.removed).isEmpty && result.changes(.added).isEmpty)
    }

    @Test func movedScenesAreReportedAndAWrongScriptIsWarnedOf() throws {
        let project = try Self.imported(ScriptMergeTests.original)
        let moved = try ScriptImporter.merge(
            ScriptMergeTests.script([
                ("INT. HALL - DAY", ["A long corridor with a single chair at the end."]),
                (
                    "INT. KITCHEN - NIGHT",
                    ["Mimi opens the fridge and stares at the empty shelves.", "The light flickers twice."]
                ),
                ("EXT. ROOF - DAWN", ["Bo watches the sun come up over the harbour cranes."]),
            ]), into: project, file: "f")
        #expect(moved.changes(.moved).map(\.shot) == [project.shots[3].id.rawValue])
        #expect(moved.warnings.isEmpty)
        let unrelated = try ScriptImporter.merge(
            ScriptMergeTests.script([("EXT. SEA - DAY", ["Waves."])]), into: project, file: "other.fountain")
        #expect(unrelated.warnings.first?.contains("nothing in other.fountain matched the 4 shots") == true)
    }

    @Test func aSpeakerWhoLooksRenamedIsPointedOut() throws {
        let speaking = { (name: String) in
            ScriptDocument(elements: [
                .sceneHeading(text: "INT. A", number: nil, line: 1), .action(text: "Rain.", line: 2),
                .dialogue(DialogueBlock(character: name, parts: [.spoken("~La la\n~la.")], line: 3)),
            ])
        }
        let project = try Self.imported(speaking("TOM"))
        #expect(project.shots[0].dialogue == "TOM: La la la.")
        let renamed = try ScriptImporter.merge(speaking("THOMAS"), into: project, file: "f")
        #expect(renamed.warnings.count == 1)
        #expect(
            renamed.warnings.first?.contains("Thomas is new to the cast and Tom no longer speaks") == true)
        #expect(renamed.warnings.first?.contains("kinora cast set DIR Tom name=Thomas") == true)
        // Following the advice: rename first, then import; the prompt still follows the script.
        let humming = { (name: String, action: String) in
            ScriptDocument(elements: [
                .sceneHeading(text: "INT. A", number: nil, line: 1), .action(text: action, line: 2),
                .dialogue(DialogueBlock(character: name, parts: [.spoken("La.")], line: 3)),
            ])
        }
        var followed = try Self.imported(humming("TOM", "Tom hums."))
        #expect(followed.shots[0].prompt == "@Tom hums.")
        followed.renameCastEntry("Tom", to: "Thomas")
        let after = try ScriptImporter.merge(
            humming("THOMAS", "Thomas hums softly."), into: followed, file: "f")
        #expect(after.warnings.isEmpty)
        #expect(after.project.shots[0].prompt == "@Thomas hums softly.")
        #expect(after.project.cast.filter { $0.kind == .character }.map(\.name) == ["Thomas"])
    }
}
