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
