import Foundation
import KinoraCore
import Testing

/// Where shots stand in chains of continuing shots, on the model alone.
@Suite struct ContinuityChainTests {
    /// `count` shots, each after the first continuing the one before, every take made from the previous
    /// chosen take's last frame.
    private func chain(_ count: Int) throws -> Project {
        let fps = try #require(FrameRate(numerator: 12))
        let size = try #require(FrameSize(width: 160, height: 90))
        var project = Project(title: "Chain", fps: fps, size: size)
        for number in 0..<count {
            var shot = Shot(
                id: ShotID(serial: 1), label: "", prompt: "", mode: .imageToVideo, duration: 1, seed: 1)
            if number > 0 { shot.continuation = .previous }
            _ = project.addShot(shot)
        }
        for index in project.shots.indices {
            try addTake(&project, index: index, hash: "h\(index)")
        }
        return project
    }

    /// Adds a finished take to shot `index`, made from the previous shot's last frame, and chooses it.
    private func addTake(_ project: inout Project, index: Int, hash: String) throws {
        let shot = project.shots[index]
        var request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .imageToVideo, prompt: "", negativePrompt: "",
            source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: 1, fps: project.fps,
            size: project.size, seed: 1, settings: GenerationSettings())
        if index > 0 { request.firstFrame = project.lastPlayedFrame(of: project.shots[index - 1]) }
        let id = TakeID(serial: shot.nextTakeNumber)
        var take = Take(id: id, seed: 1, request: request, status: .done, createdAt: Date())
        take.output = "takes/\(shot.id)/\(id).mp4"
        take.outputHash = hash
        project.shots[index].takes.append(take)
        project.shots[index].nextTakeNumber += 1
        project.shots[index].chosenTake = id
    }

    @Test func aChainOfFiftyIsQuickAndAChangeAtTheTopMakesEveryShotBelowStale() throws {
        var project = try chain(50)
        let clock = ContinuousClock()
        var stale: [Int] = []
        let elapsed = clock.measure {
            for _ in 0..<20 { stale = project.staleShotIndices() }
        }
        #expect(stale.isEmpty)
        #expect(elapsed < .milliseconds(200), "20 passes over 50 shots took \(elapsed)")

        // A new take of shot 10, chosen: shots 11 to 50 are stale, and no other.
        try addTake(&project, index: 9, hash: "again")
        #expect(project.staleShotIndices() == Array(10..<50))
        let states = project.continuityStates()
        guard case .stale(let expected, let used) = states[10] else {
            Issue.record("shot 11 should be stale")
            return
        }
        #expect(expected.takeHash == "again" && used?.takeHash == "h9")
        // Trimming shot 50 (last) changes nothing; trimming shot 49 makes only shot 50 stale again.
        project.shots[48].trim = TrimRange(inPoint: 0, outPoint: 0.5)
        #expect(project.staleShotIndices().last == 49)
    }

    @Test func theFirstShotCannotContinueAndAShotWithoutAPreviousTakeWaits() throws {
        var project = try chain(3)
        project.shots[1].chosenTake = nil
        project.shots[1].takes = []
        #expect(project.continuityStates()[2] == .waiting(for: project.shots[1].id))
        project.shots.swapAt(0, 1)
        #expect(project.continuityStates()[0] == .noPreviousShot)
    }

    @Test func anotherTakeWithTheSameVideoUpstreamChangesNothingBelow() throws {
        var project = try chain(3)
        // Made again with a still camera, the new take's video is the same file: the same last frame.
        try addTake(&project, index: 0, hash: "h0")
        #expect(project.staleShotIndices().isEmpty)
        try addTake(&project, index: 0, hash: "other")
        #expect(project.staleShotIndices() == [1, 2])
    }
}
