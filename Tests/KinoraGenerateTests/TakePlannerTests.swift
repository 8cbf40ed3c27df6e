import Foundation
import KinoraCore
import Testing

@testable import KinoraGenerate

@Suite struct TakePlannerTests {
    private let capabilities = BuiltinBackend().capabilities

    private func project() throws -> Project {
        var project = Project(
            title: "t", fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "320x180")))
        _ = project.addShot(
            Shot(id: ShotID(serial: 1), label: "1", prompt: "title", mode: .slate, duration: 1, seed: 1207))
        return project
    }

    @Test func theCastAPromptNamesIsPartOfTheRequest() throws {
        var project = try project()
        let picture = ShotSource(
            kind: .image, asset: "assets/a.png", sha256: String(repeating: "a", count: 64),
            originalName: "a.png")
        project.cast = [
            CastEntry(name: "Mimi", kind: .character, description: "a grey cat", images: [picture])
        ]
        project.shots[0].prompt = "@Mimi and @Nobody"
        func request() -> TakeRequest {
            TakePlanner.request(
                for: project.shots[0], in: project, backend: "builtin", capabilities: capabilities, seed: 1)
        }
        let before = request()
        #expect(before.references?.map(\.name) == ["Mimi"])
        #expect(before.references?.first?.imageHashes == [picture.sha256])
        project.cast[0].images[0].sha256 = String(repeating: "b", count: 64)
        #expect(request() != before, "a changed reference picture is a changed request")
        project.cast = []
        #expect(request().references == nil, "a prompt naming no entry records none")
    }

    @Test func variationsUseConsecutiveSeeds() {
        #expect(TakePlanner.seeds(base: 1207, variations: 3) == [1207, 1208, 1209])
        #expect(TakePlanner.seeds(base: UInt64.max, variations: 2) == [UInt64.max, 0])
        #expect(TakePlanner.seeds(base: 5, variations: 0) == [5])
    }

    @Test func planQueuesOneTakePerSeedWithFullRequests() throws {
        var project = try project()
        let outcomes = TakePlanner.plan(
            &project, shot: 0, seeds: [7, 8], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in true })
        let shot = project.shots[0]
        #expect(
            outcomes == [
                .queued(shot: shot.id, take: TakeID(serial: 1), seed: 7),
                .queued(shot: shot.id, take: TakeID(serial: 2), seed: 8),
            ])
        #expect(shot.takes.map(\.status) == [.queued, .queued])
        #expect(
            shot.takes[1].request.seed == 8
                && shot.takes[1].request.engineVersion == BuiltinBackend.engineVersion)
        #expect(
            shot.takes[0].request.settings.parameters["label"] == "1",
            "a slate's label is part of its picture")
        #expect(project.validationProblems().isEmpty)
    }

    @Test func anIdenticalRequestIsAnsweredByTheDoneTake() throws {
        var project = try project()
        _ = TakePlanner.plan(
            &project, shot: 0, seeds: [7], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in true })
        project.shots[0].takes[0].status = .done
        project.shots[0].takes[0].output = "takes/s1/t1.mp4"
        let again = TakePlanner.plan(
            &project, shot: 0, seeds: [7], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in true })
        #expect(again == [.cached(shot: ShotID(serial: 1), take: TakeID(serial: 1), seed: 7)])
        #expect(project.shots[0].takes.count == 1)

        let fileGone = TakePlanner.plan(
            &project, shot: 0, seeds: [7], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in false })
        #expect(fileGone == [.queued(shot: ShotID(serial: 1), take: TakeID(serial: 2), seed: 7)])

        project.shots[0].duration = 2
        let changed = TakePlanner.plan(
            &project, shot: 0, seeds: [7], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in true })
        #expect(
            changed == [.queued(shot: ShotID(serial: 1), take: TakeID(serial: 3), seed: 7)],
            "a changed request runs")
    }

    @Test func leftoverQueuedAndRunningTakesBecomeInterrupted() throws {
        var project = try project()
        _ = TakePlanner.plan(
            &project, shot: 0, seeds: [1, 2, 3], backend: "builtin", capabilities: capabilities, now: Date(),
            fileExists: { _ in true })
        project.shots[0].takes[1].status = .running
        project.shots[0].takes[2].status = .failed
        #expect(TakePlanner.markInterrupted(&project) == 2)
        #expect(project.shots[0].takes.map(\.status) == [.interrupted, .interrupted, .failed])
    }
}
