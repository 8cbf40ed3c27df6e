import Foundation
import KinoraCore
import Testing

@testable import KinoraStudio

/// Importing a script from the studio's file picker: the app merges it, the studio applies the result as
/// one edit that `u` undoes, and a storyboard edited while the script was read is not overwritten.
@Suite struct ScriptImportStudioTests {
    @Test func aScriptFromThePickerIsMergedAsOneUndoableEdit() throws {
        var studio = StudioFixture.studio()
        #expect(studio.press("i") == [.listDirectory("")])
        _ = studio.update(
            .directoryListed(path: "", entries: [.init(name: "night-market.fountain", isDirectory: false)]))
        let before = studio.project
        #expect(studio.press("enter") == [.importScript(path: "night-market.fountain", project: before)])

        var merged = before
        merged.title = "Night Market (from the script)"
        merged.shots[0].action = "Lanterns sway over the stalls."
        let effects = studio.update(.scriptImported(base: before, merged: merged, summary: "Imported it"))
        #expect(Studio.saves(effects).count == 1)
        #expect(studio.project == merged)
        #expect(studio.status?.text.contains("Imported it") == true)
        studio.press("u")
        #expect(studio.project == before, "u undoes the whole import")

        // Edited while the script was read: the import is not applied over the edit.
        studio.project.shots[1].notes = "typed meanwhile"
        let stale = studio.update(.scriptImported(base: before, merged: merged, summary: "Imported it"))
        #expect(Studio.saves(stale).isEmpty && studio.project.shots[1].notes == "typed meanwhile")
        #expect(studio.status?.kind == .error)
    }
}
