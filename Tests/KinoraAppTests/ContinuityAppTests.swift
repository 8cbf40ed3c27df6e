import Foundation
import KinoraApp
import KinoraCore
import KinoraStudio
import Testing

/// Continuity in the running studio: `w` chains a shot to the previous one, `E` extends a take, and
/// after another take is chosen upstream the stale shot is marked and `R` remakes it — real takes on
/// the built-in engine, through the same planner and runner as the command line.
@MainActor
@Suite struct ContinuityAppTests {
    @Test("w continues the previous shot, E extends a take, and R remakes the shot it made stale")
    func continueExtendAndRemakeStale() async throws {
        let app = try await AppFixture(durations: [1, 1])
        app.press("n")
        #expect(app.settle { app.status(1, 1, in: $0) == .done })
        app.press("j", "w", "n")
        #expect(app.settle { app.status(2, 1, in: $0) == .done })
        var saved = try app.saved()
        let firstFrame = saved.shots[1].takes.first?.request.firstFrame
        #expect(saved.shots[1].continuation == .previous)
        #expect(firstFrame != nil && firstFrame == saved.lastPlayedFrame(of: saved.shots[0]))
        #expect(firstFrame?.frame == 23, "the last of 24 frames")

        // Extending s1 t1 by the shot's length: t2, twice as long.
        app.press("k", "E")
        #expect(app.settle { app.status(1, 2, in: $0) == .done })
        saved = try app.saved()
        let extended = saved.shots[0].takes.last
        #expect(extended?.request.extends?.base == TakeID(serial: 1) && extended?.request.duration == 2)

        // Choosing it moves s1's last frame: s2 is stale, on its card and the timeline.
        app.press("]", "c")
        #expect(app.settle { $0.project.staleShotIndices() == [1] })
        app.runtime.render()
        #expect(app.terminal.text.contains("stale · R remakes") && app.terminal.text.contains("⟳2"))
        app.press("R")
        #expect(
            app.settle { studio in
                studio.project.shots[1].chosenTake == TakeID(serial: 2) && studio.staleRemake == nil
            })
        #expect(app.runtime.studio.project.staleShotIndices().isEmpty)
        await app.runtime.finish()
        saved = try app.saved()
        #expect(saved.shots[1].chosenTake == TakeID(serial: 2) && saved.staleShotIndices().isEmpty)
        #expect(saved.shots[1].chosen?.request.firstFrame?.frame == 47)
    }
}
