import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// A chain of continuing shots in the studio: the stale mark on the cards and the timeline, and `R`
/// remaking the stale shots down the chain, choosing each new take as it is done.
@Suite struct ContinuityStudioTests {
    /// Shot 1 chose t1, but shot 2's take started on t2's last frame: shots 2 and 3 (continuing 2) are stale.
    private func staleChain() -> Studio {
        var project = StudioFixture.project(shots: 3)
        project.shots[0].takes[0].outputHash = "a"
        project.shots[0].takes[1].outputHash = "b"
        let ids = project.shots.map(\.id)
        for index in 1...2 {
            project.shots[index].continuation = .previous
            project.shots[index].mode = .imageToVideo
            var take = StudioFixture.take(1, seed: project.shots[index].seed, status: .done, project: project)
            take.outputHash = index == 1 ? "c" : "d"
            take.request.firstFrame =
                index == 1
                ? FrameOrigin(shot: ids[0], take: TakeID(serial: 2), frame: 95, takeHash: "b")
                : FrameOrigin(shot: ids[1], take: TakeID(serial: 1), frame: 95, takeHash: "c")
            project.shots[index].takes = [take]
            project.shots[index].chosenTake = take.id
            project.shots[index].nextTakeNumber = 2
        }
        var studio = Studio(
            project: project, folderName: "chain", size: ScreenSize(rows: 30, columns: 100))
        _ = studio.update(.resized(studio.size))
        return studio
    }

    /// A take record of shot `index` as the ledger would report it.
    private func change(_ studio: Studio, shot index: Int, take serial: Int, _ status: Take.Status)
        -> StudioMsg
    {
        let shot = studio.project.shots[index]
        var take = StudioFixture.take(serial, seed: shot.seed, status: status, project: studio.project)
        take.outputHash = status == .done ? "new\(index)" : nil
        let previous = studio.project.shots[index - 1]
        take.request.firstFrame = studio.project.lastPlayedFrame(of: previous)
        return .takeChanged(TakeChange(shot: shot.id, take: take))
    }

    @Test func staleShotsAreMarkedAndRRemakesThemDownTheChain() {
        var studio = staleChain()
        #expect(studio.project.staleShotIndices() == [1, 2])
        let screen = StudioView.render(studio).grid.plainText
        #expect(screen.contains("t1 stale · R remakes"), "\(screen)")
        #expect(screen.contains("⟳2") && screen.contains("⟳3"), "the timeline marks both")
        let ids = studio.project.shots.map(\.id)

        // Only the first stale shot of the chain is made at once; the next waits for its new take.
        #expect(studio.press("R") == [.generate(shot: ids[1], seeds: [studio.project.shots[1].seed])])
        #expect(studio.staleRemake?.asked == [ids[1]])
        #expect(studio.update(change(studio, shot: 1, take: 2, .queued)).isEmpty)
        let done = studio.update(change(studio, shot: 1, take: 2, .done))
        #expect(studio.project.shots[1].chosenTake == TakeID(serial: 2))
        #expect(Studio.saves(done).count == 1)
        #expect(done.contains(.generate(shot: ids[2], seeds: [studio.project.shots[2].seed])))
        #expect(studio.project.staleShotIndices() == [2])

        _ = studio.update(change(studio, shot: 2, take: 2, .queued))
        let last = studio.update(change(studio, shot: 2, take: 2, .done))
        #expect(Studio.saves(last).count == 1 && studio.project.shots[2].chosenTake == TakeID(serial: 2))
        #expect(studio.project.staleShotIndices().isEmpty && studio.staleRemake == nil)
        #expect(studio.status?.text == "Remade 2 stale shots")
        let after = StudioView.render(studio).grid.plainText
        #expect(!after.contains("R remakes") && !after.contains("⟳"), "\(after)")
    }

    @Test func nRefusesAShotWaitingForThePreviousOneOrFirstInTheStoryboard() {
        var waiting = staleChain()
        waiting.project.shots[0].chosenTake = nil
        waiting.press("j")
        #expect(waiting.press("n").isEmpty)
        #expect(waiting.status?.text == "s2 waits for s1: make and choose a take of s1 first")

        var first = staleChain()
        first.press("x")
        #expect(first.project.continuityStates()[0] == .noPreviousShot)
        #expect(first.press("n").isEmpty)
        #expect(first.status?.text.contains("s2 continues the previous shot but is first") == true)
        #expect(StudioView.render(first).grid.plainText.contains("✕ nothing to continue"))
    }

    @Test func aFailedRemakeStopsTheChainAndSaysSo() {
        var studio = staleChain()
        studio.press("R")
        _ = studio.update(change(studio, shot: 1, take: 2, .queued))
        #expect(studio.update(change(studio, shot: 1, take: 2, .failed)).isEmpty)
        #expect(studio.staleRemake == nil && studio.status?.kind == .error)
        #expect(studio.status?.text.contains("Remaking s2 stopped") == true)
        #expect(studio.project.staleShotIndices() == [1, 2])
    }
}
