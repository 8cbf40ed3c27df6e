import Foundation
import Testing

@testable import KinoraCore

/// The cast, `@Name` mentions, shot-list fields and take reviews as the storyboard keeps them.
@Suite struct CastModelTests {
    private func project() throws -> Project {
        var project = Project(
            title: "t", fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "320x180")))
        project.cast = [
            CastEntry(name: "Mimi", kind: .character, description: "a grey cat with a red collar"),
            CastEntry(name: "Mimi_Rose", kind: .character),
            CastEntry(name: "Kitchen", kind: .location, description: "a small yellow kitchen"),
        ]
        _ = project.addShot(
            Shot(
                id: ShotID(serial: 1), label: "1", prompt: "@Mimi jumps at @mimi_rose in @Kitchen.",
                mode: .slate, duration: 2, seed: 9))
        return project
    }

    @Test func mentionsEndWhereNamesEnd() {
        #expect(
            CastMention.names(in: "@Mimi, then @Bo's hat; mail ana@example.com @Zoë-") == [
                "Mimi", "Bo", "Zoë",
            ])
        #expect(CastMention.names(in: "@@x @") == ["x"])
        #expect(CastMention.names(in: "猫 @小明 走") == ["小明"])
    }

    @Test func namesFollowTheRule() {
        #expect(CastEntry.nameProblem("Mimi") == nil)
        #expect(CastEntry.nameProblem("小明") == nil)
        #expect(CastEntry.nameProblem("Old Man")?.contains("Old_Man") == true)
        #expect(CastEntry.nameProblem("@Mimi") != nil)
        #expect(CastEntry.nameProblem(String(repeating: "a", count: 200))?.contains("40") == true)
        #expect(CastEntry.nameProblem("") != nil)
        #expect(CastEntry.nameProblem("a/b") != nil)
    }

    @Test func enginePromptReadsDescriptionsAndKeepsUnknownNames() throws {
        var project = try project()
        project.shots[0].prompt = "@Mimi meets @Nobody in @Kitchen"
        let references = project.references(in: project.shots[0].prompt)
        #expect(references.map(\.name) == ["Mimi", "Kitchen"])
        var request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .slate, prompt: project.shots[0].prompt,
            negativePrompt: "", source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: 2,
            fps: project.fps, size: project.size, seed: 1, settings: GenerationSettings())
        request.references = references
        #expect(
            request.enginePrompt == "a grey cat with a red collar meets @Nobody in a small yellow kitchen")
        #expect(project.castProblem(in: project.shots[0])?.contains("@Nobody is not in the cast") == true)
    }

    @Test func renameFollowsEveryMention() throws {
        var project = try project()
        project.shots[0].location = "kitchen"
        project.shots[0].people = ["Mimi"]
        let seed = project.shots[0].seed
        project.renameCastEntry("mimi", to: "Momo")
        #expect(project.shots[0].prompt == "@Momo jumps at @mimi_rose in @Kitchen.")
        #expect(project.shots[0].people == ["Momo"])
        #expect(project.shots[0].seed == seed)
        project.renameCastEntry("Kitchen", to: "Galley")
        #expect(project.shots[0].location == "Galley")
        #expect(project.shotsNaming("galley").count == 1)
        project.removeCastEntry("Galley")
        #expect(project.shots[0].location == nil)
        #expect(project.shots[0].prompt.contains("@Galley"))
    }

    @Test func peopleComeFromThePromptUntilSet() throws {
        var project = try project()
        #expect(project.people(in: project.shots[0]) == ["Mimi", "Mimi_Rose"])
        try project.shots[0].set("people", to: "@Mimi_Rose")
        #expect(project.people(in: project.shots[0]) == ["Mimi_Rose"])
        try project.shots[0].set("people", to: "")
        #expect(project.shots[0].people == nil)
    }

    @Test func shotListFieldsParseAsCrewsWriteThem() throws {
        var shot = try project().shots[0]
        try shot.set("size", to: "close-up")
        try shot.set("angle", to: "Dutch")
        try shot.set("lens", to: "35mm")
        try shot.set("status", to: "in progress")
        try shot.set("movement", to: "push-in")
        #expect(shot.shotSize == .closeUp)
        #expect(shot.angle == .dutch)
        #expect(shot.lens == 35)
        #expect(shot.status == .inProgress)
        #expect(shot.settings.motion == .pushIn && shot.movementText == "push in")
        try shot.set("movement", to: "crane up")
        #expect(shot.movement == "crane up" && shot.movementText == "crane up")
        #expect(shot.settings.motion == .pushIn, "a move the engine lacks leaves the motion as it was")
        try shot.set("motion", to: "Ken Burns")
        #expect(shot.settings.motion == .kenBurns && shot.movement == nil && shot.movementText == "Ken Burns")
        #expect(throws: StoryboardError.self) { try shot.set("size", to: "huge") }
        #expect(throws: StoryboardError.self) { try shot.set("lens", to: "0") }
    }

    @Test func castRoundTripsAndOldFilesStayAsTheyWere() throws {
        var project = try project()
        let data = try StoryboardCodec.encode(project)
        let read = try StoryboardCodec.decode(data, file: "storyboard.json")
        #expect(read.cast == project.cast)
        project.cast = []
        let text = try #require(String(data: try StoryboardCodec.encode(project), encoding: .utf8))
        #expect(!text.contains("\"cast\""))
    }

    @Test func duplicateNamesAreRefusedOnLoad() throws {
        var project = try project()
        project.cast.append(CastEntry(name: "MIMI", kind: .prop))
        #expect(project.validationProblems().contains { $0.path == "$.cast[3].name" })
    }

    @Test func reviewsStayThePersonsWhenTakesMerge() throws {
        var project = try project()
        let request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .slate, prompt: "", negativePrompt: "", source: nil,
            sourceHash: nil, inPoint: nil, outPoint: nil, duration: 2, fps: project.fps, size: project.size,
            seed: 9, settings: GenerationSettings())
        project.shots[0].takes = [
            Take(id: TakeID(serial: 1), seed: 9, request: request, createdAt: Date(timeIntervalSince1970: 0))
        ]
        project.shots[0].nextTakeNumber = 2
        var saved = project
        saved.shots[0].takes[0].status = .done
        saved.shots[0].takes[0].output = "takes/s1/t1.mp4"
        project.shots[0].takes[0].addNote("too dark", at: 5, now: Date(timeIntervalSince1970: 1))
        project.shots[0].takes[0].setVerdict(.circled)
        let merged = project.mergingTakes(from: saved)
        #expect(merged.shots[0].takes[0].status == .done)
        #expect(merged.shots[0].takes[0].verdict == .circled)
        #expect(merged.shots[0].takes[0].reviewNotes.map(\.at) == [2])
        var applied = project
        applied.apply(TakeChange(shot: saved.shots[0].id, take: saved.shots[0].takes[0], chosen: false))
        #expect(applied.shots[0].takes[0].reviewNotes.count == 1)
    }
}
