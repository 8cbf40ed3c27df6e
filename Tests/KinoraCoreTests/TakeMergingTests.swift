import Foundation
import Testing

@testable import KinoraCore

/// The one rule for a person's edits and the take records the jobs save.
@Suite struct TakeMergingTests {
    private func project() throws -> Project {
        var project = Project(
            title: "t", fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "320x180")))
        for number in 1...2 {
            _ = project.addShot(
                Shot(
                    id: ShotID(serial: 1), label: "\(number)", prompt: "p\(number)", mode: .slate,
                    duration: 2, seed: 9))
        }
        return project
    }

    private func take(_ serial: Int, _ status: Take.Status, in project: Project) -> Take {
        let request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .slate, prompt: "", negativePrompt: "", source: nil,
            sourceHash: nil, inPoint: nil, outPoint: nil, duration: 2, fps: project.fps, size: project.size,
            seed: 9, settings: GenerationSettings())
        return Take(
            id: TakeID(serial: serial), seed: 9, request: request, status: status,
            output: status == .done ? "takes/s1/t\(serial).mp4" : nil,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func editsStayAndTakesComeFromDisk() throws {
        var edited = try project()
        edited.shots[0].prompt = "edited"
        edited.shots.remove(at: 1)
        var disk = try project()
        disk.shots[0].takes = [take(1, .done, in: disk)]
        disk.shots[0].nextTakeNumber = 2
        disk.shots[0].chosenTake = TakeID(serial: 1)
        disk.nextShotNumber = 5
        let merged = edited.mergingTakes(from: disk)
        #expect(merged.shots.count == 1, "a deleted shot stays deleted")
        #expect(merged.shots[0].prompt == "edited")
        #expect(merged.shots[0].takes.map(\.status) == [.done])
        #expect(merged.shots[0].nextTakeNumber == 2)
        #expect(merged.shots[0].chosenTake == TakeID(serial: 1))
        #expect(merged.nextShotNumber == 5)
    }

    @Test func aChoiceThePersonMadeWinsAndTakesOnlyTheStudioKnowsStay() throws {
        var edited = try project()
        edited.shots[0].takes = [take(1, .done, in: edited), take(3, .queued, in: edited)]
        edited.shots[0].chosenTake = TakeID(serial: 3)
        var disk = try project()
        disk.shots[0].takes = [take(2, .done, in: disk), take(1, .failed, in: disk)]
        disk.shots[0].chosenTake = TakeID(serial: 2)
        let merged = edited.mergingTakes(from: disk)
        #expect(merged.shots[0].takes.map(\.id.serial) == [1, 2, 3])
        #expect(merged.shots[0].takes[0].status == .failed, "the disk's record of t1 wins")
        #expect(merged.shots[0].chosenTake == TakeID(serial: 3))
    }

    @Test func applyingAChangeReplacesInsertsInOrderAndChoosesOnlyWhenNoneIsChosen() throws {
        var project = try project()
        let shot = project.shots[0].id
        project.apply(TakeChange(shot: shot, take: take(2, .queued, in: project)))
        project.apply(TakeChange(shot: shot, take: take(1, .queued, in: project)))
        #expect(project.shots[0].takes.map(\.id.serial) == [1, 2])
        #expect(project.shots[0].nextTakeNumber == 3)
        project.apply(TakeChange(shot: shot, take: take(2, .done, in: project), chosen: true))
        #expect(project.shots[0].takes[1].status == .done)
        #expect(project.shots[0].chosenTake == TakeID(serial: 2))
        project.apply(TakeChange(shot: shot, take: take(1, .done, in: project), chosen: true))
        #expect(project.shots[0].chosenTake == TakeID(serial: 2), "the first choice stays")
        let before = project
        project.apply(TakeChange(shot: ShotID(serial: 99), take: take(1, .done, in: project)))
        #expect(project == before, "a change for a shot that is gone is ignored")
    }

    @Test func takeChangesListWhatDiffersAndTheNewChoice() throws {
        let before = try project()
        var after = before
        after.shots[1].takes = [take(1, .done, in: after)]
        after.shots[1].chosenTake = TakeID(serial: 1)
        after.shots[0].prompt = "not a take change"
        let changes = after.takeChanges(since: before)
        #expect(changes.count == 1)
        #expect(changes.first?.shot == after.shots[1].id)
        #expect(changes.first?.chosen == true)
        #expect(after.takeChanges(since: after).isEmpty)
    }
}
