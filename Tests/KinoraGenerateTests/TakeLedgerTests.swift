import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// The take ledger: every saved take change is heard, and a take whose shot is gone leaves nothing.
@Suite struct TakeLedgerTests {
    private func ledger() throws -> TakeLedger {
        var project = Project(
            title: "t", fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "320x180")))
        for number in 1...2 {
            _ = project.addShot(
                Shot(
                    id: ShotID(serial: 1), label: "\(number)", prompt: "p", mode: .slate, duration: 1, seed: 7
                ))
        }
        let folder = try TestFiles.folder().appendingPathComponent("film")
        return TakeLedger(store: try ProjectStore.create(at: folder, project: project))
    }

    private func queue(_ ledger: TakeLedger, shot: Int) async throws -> TakeID {
        let registry = BackendRegistry()
        let outcomes = try await ledger.update { project in
            try TakePlanner.planShot(
                &project, shot: shot, seeds: [7], backend: nil, registry: registry,
                folder: URL(fileURLWithPath: "/"))
        }
        guard case .queued(_, let take, _) = outcomes.first else { throw CancellationError() }
        return take
    }

    @Test func eachSavedTakeChangeIsHeardInOrderWithTheChoice() async throws {
        let ledger = try ledger()
        let changes = await ledger.takeChanges()
        let take = try await queue(ledger, shot: 0)
        let shot = ShotID(serial: 1)
        try await ledger.markRunning(shot: shot, take: take)
        let video = ledger.folder.appendingPathComponent("scratch.mp4")
        try Data("not really a video".utf8).write(to: video)
        try await ledger.markDone(
            shot: shot, take: take, video: video, seconds: 1, result: GenerationResult(frames: 1))
        await ledger.close()
        var heard: [TakeChange] = []
        for await change in changes { heard.append(change) }
        #expect(heard.map(\.take.status) == [.queued, .running, .done])
        #expect(heard.map(\.shot) == [shot, shot, shot])
        #expect(heard.map(\.chosen) == [false, false, true])
        var studio = try ProjectStore(opening: ledger.folder, readOnly: true).project
        studio.shots[0].takes = []
        for change in heard { studio.apply(change) }
        #expect(studio.shots[0].takes.first?.output == "takes/s1/t1.mp4")
        #expect(studio.shots[0].chosenTake == take)
    }

    @Test func aTakeWhoseShotWasDeletedLeavesNoFile() async throws {
        let ledger = try ledger()
        let take = try await queue(ledger, shot: 1)
        let shot = ShotID(serial: 2)
        try await ledger.markRunning(shot: shot, take: take)
        try await ledger.update { project in project.shots.remove(at: 1) }
        let video = ledger.folder.appendingPathComponent("takes/s2/.t1.partial.mp4")
        try FileManager.default.createDirectory(
            at: video.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("frames".utf8).write(to: video)
        await #expect(throws: StoryboardError.self) {
            try await ledger.markDone(
                shot: shot, take: take, video: video, seconds: 1, result: GenerationResult(frames: 1))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: video.deletingLastPathComponent().path)
        #expect(left.isEmpty, "nothing kept for a deleted shot: \(left)")
        #expect(await ledger.project.shots.count == 1)
        await ledger.close()
    }

    /// Takes the project's lock file from under the ledger, as a Kinora that knows only the file would
    /// after `git clean` removed it: every save fails until the returned descriptor is closed.
    private func stealLock(_ ledger: TakeLedger) throws -> Int32 {
        let lockFile = ledger.folder.appendingPathComponent(ProjectLayout.lockFile)
        try FileManager.default.removeItem(at: lockFile)
        let thief = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(thief >= 0 && flock(thief, LOCK_EX | LOCK_NB) == 0)
        return thief
    }

    /// A made video at the take's partial path, as the runner leaves it for ``TakeLedger/markDone``.
    private func madeVideo(_ ledger: TakeLedger, take: TakeID, bytes: String) throws -> URL {
        let video = ledger.folder.appendingPathComponent(
            ProjectLayout.partialTakeVideo(shot: ShotID(serial: 1), take: take))
        try FileManager.default.createDirectory(
            at: video.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes.utf8).write(to: video)
        return video
    }

    @Test func aTakeThatCannotBeRecordedLeavesNothingUnderItsFinalName() async throws {
        let ledger = try ledger()
        defer { try? FileManager.default.removeItem(at: ledger.folder.deletingLastPathComponent()) }
        let shot = ShotID(serial: 1)
        let take = try await queue(ledger, shot: 0)
        try await ledger.markRunning(shot: shot, take: take)
        let video = try madeVideo(ledger, take: take, bytes: "frames")
        let thief = try stealLock(ledger)
        await #expect(throws: GenerationError.self) {
            try await ledger.markDone(
                shot: shot, take: take, video: video, seconds: 1, result: GenerationResult(frames: 1))
        }
        let folder = ledger.folder.appendingPathComponent("takes/s1")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == [video.lastPathComponent], "only the made video, where it was made: \(left)")
        // The ending cannot be saved either: the ledger says so, and saves it with the next save.
        await #expect(throws: StoryboardError.self) {
            try await ledger.markEnded(shot: shot, take: take, status: .failed, reason: "not kept")
        }
        let shown = try #require(await ledger.project.shots[0].takes.first)
        #expect(shown.status == .failed)
        #expect(shown.error?.contains("Not recorded in storyboard.json") == true, "\(shown.error ?? "")")
        close(thief)
        try await ledger.update { $0.title = "Later" }
        await ledger.close()
        let saved = try ProjectStore(opening: ledger.folder, readOnly: true).project
        #expect(saved.shots[0].takes[0].status == .failed)
        #expect(saved.shots[0].takes[0].error == "not kept", "the note was only for the meantime")
        #expect(saved.title == "Later")
    }

    @Test func aTakeMadeAgainKeepsItsPreviousFileWhenItCannotBeRecorded() async throws {
        let ledger = try ledger()
        defer { try? FileManager.default.removeItem(at: ledger.folder.deletingLastPathComponent()) }
        let shot = ShotID(serial: 1)
        let take = try await queue(ledger, shot: 0)
        try await ledger.markRunning(shot: shot, take: take)
        try await ledger.markDone(
            shot: shot, take: take, video: try madeVideo(ledger, take: take, bytes: "first"), seconds: 1,
            result: GenerationResult(frames: 1))
        let final = ledger.folder.appendingPathComponent(ProjectLayout.takeVideo(shot: shot, take: take))
        let sidecar = ledger.folder.appendingPathComponent(ProjectLayout.takeSidecar(shot: shot, take: take))
        let sidecarBefore = try Data(contentsOf: sidecar)
        try await ledger.markRunning(shot: shot, take: take)
        let again = try madeVideo(ledger, take: take, bytes: "second")
        let thief = try stealLock(ledger)
        defer { close(thief) }
        await #expect(throws: GenerationError.self) {
            try await ledger.markDone(
                shot: shot, take: take, video: again, seconds: 1, result: GenerationResult(frames: 1))
        }
        #expect(try String(contentsOf: final, encoding: .utf8) == "first")
        #expect(try Data(contentsOf: sidecar) == sidecarBefore)
        #expect(try String(contentsOf: again, encoding: .utf8) == "second")
        let left = try FileManager.default.contentsOfDirectory(atPath: final.deletingLastPathComponent().path)
        #expect(Set(left) == ["t1.mp4", "t1.json", again.lastPathComponent], "\(left)")
        await ledger.close()
    }
}
