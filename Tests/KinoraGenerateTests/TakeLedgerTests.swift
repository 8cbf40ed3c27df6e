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
        try await ledger.markDone(shot: shot, take: take, video: video, seconds: 1, worker: nil)
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
            try await ledger.markDone(shot: shot, take: take, video: video, seconds: 1, worker: nil)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: video.deletingLastPathComponent().path)
        #expect(left.isEmpty, "nothing kept for a deleted shot: \(left)")
        #expect(await ledger.project.shots.count == 1)
        await ledger.close()
    }
}
