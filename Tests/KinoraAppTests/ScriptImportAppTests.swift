import Foundation
import KinoraApp
import KinoraCore
import KinoraStudio
import Testing

/// A script imported from the studio's file picker through the real runtime and file handler, into a
/// storyboard with no shots yet, saved to disk and undone.
@MainActor
@Suite(.serialized) struct ScriptImportAppTests {
    @Test("an empty storyboard imports a script from the picker; u undoes it on disk too")
    func anEmptyStoryboardImportsAScript() async throws {
        let app = try await AppFixture(durations: [])
        let script = app.folder.deletingLastPathComponent().appendingPathComponent("rain.fountain")
        try Data(
            """
            Title: Rain

            INT. KITCHEN - NIGHT

            Mimi watches the rain.

            MIMI
            It never stops.

            """.utf8
        ).write(to: script)
        app.press("i")
        #expect(app.settle { if case .picker = $0.mode { true } else { false } })
        app.type(script.path)
        app.press("enter")
        #expect(
            app.settle { $0.project.shots.count == 1 }, "\(String(describing: app.runtime.studio.status))")
        #expect(app.runtime.studio.status?.text.contains("Imported rain.fountain: shots 1 added") == true)
        #expect(app.settle { _ in (try? app.saved().shots.count) == 1 })
        let saved = try app.saved()
        #expect(saved.title == "Rain")
        #expect(saved.cast.map(\.name).sorted() == ["Kitchen", "Mimi"])
        #expect(saved.shots[0].dialogue == "MIMI: It never stops.")
        #expect(saved.script?.file == "rain.fountain")
        app.press("u")
        #expect(app.settle { $0.project.shots.isEmpty })
        #expect(app.settle { _ in (try? app.saved().shots.isEmpty) == true })
        app.press("q")
        await app.runtime.finish()
    }
}
