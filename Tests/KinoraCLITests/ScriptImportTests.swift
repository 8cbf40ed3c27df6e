import Foundation
import KinoraCore
import Testing

/// `kinora new --script` and `kinora import` on the real binary with the sample screenplay Brick & Steel.
@Suite struct ScriptImportTests {
    /// Stu Maschwitz's Fountain sample, next to the reader's tests.
    static let brickAndSteel = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../KinoraScriptTests/Fixtures/brick-and-steel.fountain").standardizedFileURL

    @Test func brickAndSteelImportsAndAReimportKeepsTheTake() throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("brick")
        try CLI.succeed([
            "new", folder.path, "--script", Self.brickAndSteel.path, "--size", "160x90", "--fps", "12",
        ])
        let project = try CLI.storyboard(folder)
        #expect(project.title.uppercased().hasPrefix("BRICK & STEEL"))
        #expect(project.script?.file == "brick-and-steel.fountain")
        #expect(project.script?.sha256.count == 64)
        #expect(project.script?.author == "Stu Maschwitz")
        let characters = Set(project.cast.filter { $0.kind == .character }.map(\.name))
        #expect(characters.isSuperset(of: ["Brick", "Steel"]))
        #expect(project.castEntry(named: "Bricks_Patio")?.kind == .location)
        let door = try #require(project.shots.firstIndex { $0.action.contains("SCREEN DOOR slides open") })
        let shot = project.shots[door]
        #expect(shot.scene == "EXT. BRICK'S PATIO - DAY")
        #expect(shot.location == "Bricks_Patio")
        #expect(shot.dialogue.hasPrefix("STEEL: Beer's ready!\nBRICK: Are they cold?"))
        #expect(shot.prompt.contains("@Steel"))
        #expect(shot.durationEstimated == true)
        #expect(Set(project.shots.compactMap(\.scene)).count >= 3)

        // The same film as Final Draft has the same scenes and speakers.
        let fdx = try CLI.temporaryFolder().appendingPathComponent("fdx")
        try CLI.succeed([
            "new", fdx.path, "--script",
            Self.brickAndSteel.deletingPathExtension().appendingPathExtension("fdx").path, "--size", "160x90",
        ])
        let drafted = try CLI.storyboard(fdx)
        func scenes(_ project: Project) -> [String] {
            project.shots.compactMap(\.scene).reduce(into: []) { if $0.last != $1 { $0.append($1) } }
        }
        #expect(scenes(drafted) == scenes(project))
        #expect(Set(drafted.cast.filter { $0.kind == .character }.map(\.name)) == characters)

        // A take on the door shot, kept shorter so it is quick to make.
        try CLI.succeed(["shot", "set", folder.path, shot.id.rawValue, "duration=1"])
        try CLI.succeed(["gen", folder.path, shot.id.rawValue])
        let made = try CLI.storyboard(folder)
        let take = try #require(made.shots[door].chosenTake)

        // The writer rewords the door paragraph and adds one before it…
        var text = try String(contentsOf: Self.brickAndSteel, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "emerges with two cold beers", with: "steps out with two icy beers")
        text = text.replacingOccurrences(
            of: "The SCREEN DOOR slides open", with: "A hummingbird hovers.\n\nThe SCREEN DOOR slides open")
        // …and cuts one.
        text = text.replacingOccurrences(of: "Beer flies.\n", with: "")
        let edited = folder.deletingLastPathComponent().appendingPathComponent("edited.fountain")
        try text.write(to: edited, atomically: true, encoding: .utf8)

        let before = try CLI.storyboardBytes(folder)
        let dry = try CLI.succeed(["import", folder.path, edited.path, "--dry-run"])
        #expect(dry.stdout.contains("added"))
        #expect(dry.stdout.contains("Would import: 1 added, 1 updated, 0 moved, 1 removed"))
        #expect(try CLI.storyboardBytes(folder) == before, "a dry run saves nothing")

        try CLI.succeed(["import", folder.path, edited.path])
        let after = try CLI.storyboard(folder)
        let kept = try #require(after.shots.first { $0.id == shot.id })
        #expect(kept.chosenTake == take)
        #expect(kept.takes.count == 1)
        #expect(kept.action.contains("two icy beers"))
        #expect(kept.duration == 1, "a length the person set is kept")
        let index = try #require(after.shots.firstIndex { $0.id == shot.id })
        #expect(after.shots[index - 1].action == "A hummingbird hovers.")
        #expect(after.shots.count == made.shots.count + 1)

        // A file that is not a script changes nothing and says what Kinora reads.
        let wrong = folder.deletingLastPathComponent().appendingPathComponent("notes.doc")
        try Data("hello".utf8).write(to: wrong)
        let refused = try CLI.run(["import", folder.path, wrong.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("notes.doc") && refused.stderr.contains(".fountain"))
        // A folder, or a path that is not there, is told plainly.
        let folderGiven = try CLI.run(["import", folder.path, folder.deletingLastPathComponent().path])
        #expect(
            folderGiven.status == 1
                && folderGiven.stderr.contains("it is a folder; give the script file itself"))
        let missing = try CLI.run(["import", folder.path, "/nonexistent/film.fountain"])
        #expect(missing.status == 1 && missing.stderr.contains("film.fountain: there is no such file"))
        #expect(!missing.stderr.contains("NSCocoaErrorDomain"))
        let words = folder.deletingLastPathComponent().appendingPathComponent("words.fountain")
        // Latin-1 (é as one byte 0xE9): read with a warning, then refused for want of a scene.
        try Data("Just some words about a caf".utf8 + [0xE9] + Data(".\n\nMore words.\n".utf8)).write(
            to: words)
        let unheaded = try CLI.run(["import", folder.path, words.path])
        #expect(unheaded.status == 1)
        #expect(unheaded.stderr.contains("words.fountain, line 1: the script has no scene heading"))
        #expect(unheaded.stderr.contains("warning: ") && unheaded.stderr.contains("Windows-1252"))
        #expect(try CLI.storyboard(folder) == after, "nothing is half-imported")
        let list = try CLI.succeed(["shot", "list", folder.path])
        let removed = list.stdout.split(separator: "\n").filter { $0.contains("[removed from script]") }
        #expect(removed.count == 1 && removed.first?.contains("Beer flies.") == true)
        #expect(after.shots.first { $0.action == "Beer flies." }?.removedFromScript == true)
    }

    /// A script with every Fountain element once.
    static let everyElement = """
        Title: Every Element
        Author: A. Writer

        # Act One

        INT. KITCHEN - NIGHT #1#

        = Mimi is hungry.

        MIMI opens the *fridge*.

        MIMI (V.O.)
        (quietly)
        Nothing again.

        BO ^
        Told you.

        [[Buy milk.]]

        /* A cut scene
        nobody should see. */

        DISSOLVE TO:

        ===

        EXT. ROOF - DAWN #2#

        [[SHOT: wide]]

        BO waits.

        MIMI
        Morning.

        > FADE OUT.

        > THE END <
        """

    @Test func everyFountainElementLandsInItsFieldAndADryRunListsTheChanges() throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("every")
        let script = folder.deletingLastPathComponent().appendingPathComponent("every.fountain")
        try Data(Self.everyElement.utf8).write(to: script)
        try CLI.succeed(["new", folder.path, "--script", script.path, "--size", "160x90", "--fps", "12"])
        let project = try CLI.storyboard(folder)
        #expect(project.title == "Every Element")
        #expect(project.script?.author == "A. Writer")
        #expect(project.shots.count == 3)
        guard project.shots.count == 3 else { return }
        let (kitchen, roof, end) = (project.shots[0], project.shots[1], project.shots[2])
        #expect(kitchen.label == "1A" && kitchen.scene == "INT. KITCHEN - NIGHT")
        #expect(kitchen.location == "Kitchen")
        #expect(kitchen.sceneNotes == "Act One\nMimi is hungry.")
        #expect(kitchen.prompt == "@Mimi opens the fridge.")
        #expect(kitchen.dialogue == "MIMI (V.O.): (quietly) Nothing again.\nBO ^: Told you.")
        #expect(kitchen.notes == "Buy milk.")
        #expect(kitchen.transition == .dissolve(frames: 12))
        #expect(!kitchen.action.contains("nobody"), "the boneyard is ignored")
        #expect(roof.label == "wide" && roof.scene == "EXT. ROOF - DAWN" && roof.location == "Roof")
        #expect(roof.action == "BO waits.")
        #expect(roof.prompt == "@Bo waits.")
        #expect(roof.dialogue == "MIMI: Morning.")
        #expect(roof.transition == .fade(frames: 12))
        #expect(end.mode == .slate && end.prompt == "THE END")
        #expect(project.shots.allSatisfy { $0.durationEstimated == true && $0.duration >= 1 })
        #expect(project.castEntry(named: "Mimi")?.kind == .character)
        #expect(project.castEntry(named: "Bo")?.kind == .character)

        // A dry run of an edited script lists the change as JSON and saves nothing.
        let before = try CLI.storyboardBytes(folder)
        try Data(Self.everyElement.replacingOccurrences(of: "BO waits.", with: "BO waits, shivering.").utf8)
            .write(to: script)
        let dry = try CLI.succeed(["import", folder.path, script.path, "--dry-run", "--json"])
        let changes = try #require(
            try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [[String: Any]])
        let updated = changes.filter { $0["kind"] as? String == "updated" }
        #expect(updated.count == 1)
        #expect(updated.first?["shot"] as? String == roof.id.rawValue)
        #expect((updated.first?["fields"] as? [String])?.contains("action") == true)
        #expect(try CLI.storyboardBytes(folder) == before)
    }
}
