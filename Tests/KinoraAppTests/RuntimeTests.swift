import Foundation
import KinoraApp
import KinoraCore
import KinoraStudio
import Testing

/// The real runtime, in-process, on a real project: keys in, handlers at work, the screen and
/// `storyboard.json` checked.
@MainActor
@Suite(.serialized) struct RuntimeTests {
    @Test("quitting waits for the last save: an edit made just before q is on disk")
    func quittingWaitsForTheLastSave() async throws {
        let app = try await AppFixture(durations: [2])
        app.press("a", "tab", "enter")
        app.type("rain on the window")
        app.press("enter", "q")
        await app.runtime.finish()
        let saved = try app.saved()
        #expect(saved.shots.count == 2)
        #expect(saved.shots[1].prompt == "rain on the window")
        // The lock was given up: another writer may open the project now.
        _ = try ProjectStore(opening: app.folder, lockWait: 0).close()
    }

    @Test("a take is generated, recorded, shown in the job panel, and its pictures load when it changes")
    func aTakeIsGeneratedAndItsPictureLoads() async throws {
        let app = try await AppFixture(durations: [1])
        app.press("n")
        let done = app.settle { studio in
            app.status(1, 1, in: studio) == .done
                && studio.pictures.keys.contains { $0.path == "takes/s1/t1.mp4" && $0.allFrames }
        }
        #expect(done, "the take finished and the preview loaded its frames")
        #expect(app.runtime.studio.jobs.first?.id == .take(shot: ShotID(serial: 1), take: TakeID(serial: 1)))
        #expect(app.runtime.studio.jobs.first?.state == .done)
        #expect(app.terminal.text.contains("✓ done"))
        let saved = try app.saved()
        #expect(saved.shots[0].takes.first?.status == .done)
        #expect(saved.shots[0].chosenTake == TakeID(serial: 1))
        #expect(
            FileManager.default.fileExists(atPath: app.folder.appendingPathComponent("takes/s1/t1.mp4").path))
        // A second take, once shown in the preview, has its own pictures loaded.
        app.press("s", "n")
        #expect(app.settle { app.status(1, 2, in: $0) == .done })
        app.press("]")
        #expect(app.settle { $0.pictures.keys.contains { $0.path == "takes/s1/t2.mp4" && $0.allFrames } })
        await app.runtime.finish()
    }

    @Test("cancelling a running job stops that job and no other")
    func cancelStopsThatJobOnly() async throws {
        let app = try await AppFixture(durations: [30, 1])
        #expect(app.startLongJobAndWaitingJob())
        // In the job panel the running job is the first row.
        app.press("tab", "tab", "tab")
        #expect(app.runtime.studio.focus == .jobs)
        #expect(app.runtime.studio.jobs.first?.id == .take(shot: ShotID(serial: 1), take: TakeID(serial: 1)))
        app.press("x")
        let ended = app.settle { app.status(1, 1, in: $0) == .cancelled && app.status(2, 1, in: $0) == .done }
        #expect(ended, "s1 t1 cancelled and s2 t1 done")
        let saved = try app.saved()
        #expect(saved.shots[0].takes[0].status == .cancelled)
        #expect(saved.shots[1].takes[0].status == .done)
        #expect(
            !FileManager.default.fileExists(atPath: app.folder.appendingPathComponent("takes/s1/t1.mp4").path)
        )
        await app.runtime.finish()
    }

    @Test("a take that ends after its shot was deleted does not bring the shot back")
    func aTakeEndingAfterItsShotWasDeleted() async throws {
        let app = try await AppFixture(durations: [1, 6])
        app.press("j", "n")
        #expect(app.settle { app.status(2, 1, in: $0) == .running })
        app.press("x")
        #expect(app.runtime.studio.project.shots.count == 1)
        // Whatever the job did after the shot went (cancelled, or failed to record), it is over.
        #expect(app.settle { $0.jobs.allSatisfy { !$0.isActive } })
        #expect(app.runtime.studio.project.shots.count == 1)
        let whileDeleted = try app.saved()
        #expect(whileDeleted.shots.map(\.id) == [ShotID(serial: 1)])
        // Undo brings the shot back, its take marked as stopped rather than running for ever.
        app.press("u")
        let restored = app.runtime.studio.project.shots.first { $0.id == ShotID(serial: 2) }
        #expect(restored?.takes.allSatisfy { ![.queued, .running].contains($0.status) } == true)
        await app.runtime.finish()
        let saved = try app.saved()
        #expect(saved.shots.count == 2)
        #expect(saved.shots[1].takes.allSatisfy { ![.queued, .running].contains($0.status) })
        let partials = try FileManager.default.subpathsOfDirectory(atPath: app.folder.path).filter {
            $0.contains("partial")
        }
        #expect(partials.isEmpty, "no partial file: \(partials)")
    }

    @Test("a cancelled export leaves no file")
    func aCancelledExportLeavesNoFile() async throws {
        let app = try await AppFixture(durations: [60, 60, 60])
        app.press("e", "enter")
        let output = app.folder.appendingPathComponent("exports/App-Test.mp4")
        let exports = output.deletingLastPathComponent()
        #expect(app.settle { $0.jobs.contains { $0.state == .running && ($0.progress ?? 0) > 0 } })
        let whileRunning = (try? FileManager.default.contentsOfDirectory(atPath: exports.path)) ?? []
        #expect(!whileRunning.isEmpty, "the export is being written")
        app.press("tab", "tab", "tab", "x")
        #expect(app.settle { $0.jobs.first?.state == .cancelled })
        await app.runtime.finish()
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: exports.path)) ?? []
        #expect(leftovers.isEmpty, "no partial file: \(leftovers)")
    }

    @Test("quitting while an export runs stops it and removes its partial file")
    func quittingStopsExports() async throws {
        let app = try await AppFixture(durations: [60, 60])
        app.press("e", "enter")
        #expect(app.settle { $0.jobs.contains { $0.state == .running && ($0.progress ?? 0) > 0 } })
        app.press("q", "y")
        await app.runtime.finish()
        let exports = app.folder.appendingPathComponent("exports")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: exports.path)) ?? []).isEmpty)
    }

    @Test("quitting while two exports run stops both and returns", .timeLimit(.minutes(1)))
    func quittingStopsTwoExports() async throws {
        let app = try await AppFixture(durations: [60, 60])
        app.press("e", "enter")
        app.press("e", "right", "enter")
        #expect(app.settle { $0.jobs.filter { $0.state == .running }.count == 2 })
        app.press("q", "y")
        await app.runtime.finish()
        let exports = app.folder.appendingPathComponent("exports")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: exports.path)) ?? []).isEmpty)
    }

    @Test("cancelling a waiting job marks its take cancelled, not queued for ever")
    func cancellingAWaitingJob() async throws {
        let app = try await AppFixture(durations: [30, 1])
        #expect(app.startLongJobAndWaitingJob())
        app.press("tab", "tab", "tab", "j", "x")
        #expect(app.settle { app.status(2, 1, in: $0) == .cancelled })
        #expect(app.status(1, 1, in: app.runtime.studio) == .running)
        await app.runtime.finish()
        let saved = try app.saved()
        #expect(saved.shots[1].takes[0].status == .cancelled)
        #expect(saved.shots[0].takes[0].status != .running, "quitting stopped the running one too")
    }
}
