import Foundation
import KinoraCore
import KinoraGenerate
import KinoraMedia
import KinoraTestSupport
import Testing

@Suite struct GenCommandTests {
    /// A small project with one image shot, so takes are quick to make.
    private func project(duration: Double = 1, seed: UInt64? = 100) throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        #expect(try CLI.run(["new", folder.path, "--size", "320x180"]).status == 0)
        let image = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=640x360", "-frames:v", "1"], name: "still.png")
        var arguments = [
            "shot", "add", folder.path, "--prompt", "a test", "--image", image.path, "--duration",
            "\(duration)",
            "--motion", "push-in",
        ]
        if let seed { arguments += ["--seed", "\(seed)"] }
        let added = try CLI.run(arguments)
        #expect(added.status == 0, "\(added.stderr)")
        return folder
    }

    private func results(_ result: CLIResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func genMakesTakesWithSidecarsThatTakesLists() throws {
        let folder = try project()
        let gen = try CLI.run(["gen", folder.path, "--json"])
        #expect(gen.status == 0, "\(gen.stderr)")
        let outcome = try #require(try results(gen).first)
        #expect(outcome["status"] as? String == "done" && outcome["seed"] as? Int == 100)
        #expect(outcome["output"] as? String == "takes/s1/t1.mp4")

        let shot = try #require(try CLI.storyboard(folder).shots.first)
        let take = try #require(shot.takes.first)
        #expect(shot.chosenTake == take.id, "the first finished take is chosen")
        #expect(take.status == .done && take.request.seed == 100 && (take.generationSeconds ?? 0) > 0)
        #expect(
            try ContentHash.sha256(of: folder.appendingPathComponent("takes/s1/t1.mp4")) == take.outputHash)
        let sidecarData = try Data(contentsOf: folder.appendingPathComponent("takes/s1/t1.json"))
        let sidecar = try StoryboardCodec.decoder().decode(TakeSidecar.self, from: sidecarData)
        #expect(sidecar.shot == shot.id && sidecar.take == take)

        let listed = try CLI.run(["takes", folder.path, "1", "--json"])
        #expect(
            try StoryboardCodec.decoder().decode([Take].self, from: Data(listed.stdout.utf8)) == shot.takes)
        let human = try CLI.run(["takes", folder.path, "s1"])
        #expect(human.stdout.contains("* t1  seed 100  done"))
    }

    @Test func variationsCacheHitsPickAndVerify() throws {
        let folder = try project()
        let gen = try CLI.run(["gen", folder.path, "1", "--variations", "3", "--seed", "7"])
        #expect(gen.status == 0, "\(gen.stderr)")
        #expect(gen.stderr.contains("frames"), "plain progress lines when stderr is not a terminal")
        let shot = try #require(try CLI.storyboard(folder).shots.first)
        #expect(shot.takes.map(\.seed) == [7, 8, 9])
        #expect(shot.takes.map(\.id.rawValue) == ["t1", "t2", "t3"])

        let again = try CLI.run(["gen", folder.path, "1", "--seed", "8"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("already made as t2"), "\(again.stderr)")
        #expect(again.stdout.contains("s1 t2 seed 8 done (cached)"))
        #expect(try CLI.storyboard(folder).shots[0].takes.count == 3)

        #expect(try CLI.run(["pick", folder.path, "1", "t3"]).status == 0)
        #expect(try CLI.storyboard(folder).shots[0].chosenTake?.rawValue == "t3")
        let unknown = try CLI.run(["pick", folder.path, "1", "9"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no take \"9\""))

        let verify = try CLI.run(["regen", folder.path, "1", "2", "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("identical"))
    }

    @Test func rerollDrawsAndRecordsANewSeedUnlessLocked() throws {
        let folder = try project(seed: nil)
        let before = try CLI.storyboard(folder).shots[0].seed
        let reroll = try CLI.run(["gen", folder.path, "--reroll"])
        #expect(reroll.status == 0, "\(reroll.stderr)")
        let shot = try CLI.storyboard(folder).shots[0]
        #expect(shot.seed != before && shot.takes[0].seed == shot.seed)

        #expect(try CLI.run(["shot", "set", folder.path, "1", "seed-locked=true"]).status == 0)
        let locked = try CLI.run(["gen", folder.path, "--reroll"])
        #expect(locked.status == 1 && locked.stderr.contains("locked"))
    }

    @Test func aKilledRunLeavesInterruptedTakesThatRunAgain() throws {
        // Long enough to be caught running, short enough to make again: regen replays the recorded request.
        let folder = try project(duration: 20)
        let child = Process()
        child.executableURL = CLI.binary
        child.arguments = ["gen", folder.path]
        child.standardError = FileHandle.nullDevice
        try child.run()
        var sawRunning = false
        for _ in 0..<600 where !sawRunning {
            usleep(20_000)
            sawRunning = (try? CLI.storyboard(folder).shots[0].takes.first?.status) == .running
        }
        #expect(sawRunning, "the running take is recorded before any frame is done")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let listed = try CLI.run(["takes", folder.path, "1"])
        #expect(listed.stdout.contains("t1  seed 100  interrupted"), "\(listed.stdout)")
        // `takes` only reads (it works on a full disk): every reader shows the take as interrupted.
        #expect(
            try ProjectStore(opening: folder, readOnly: true).project.shots[0].takes[0].status == .interrupted
        )
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("takes/s1/t1.mp4").path),
            "no half-written take is kept")

        let rerun = try CLI.run(["regen", folder.path, "1", "t1"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try CLI.storyboard(folder).shots[0].takes[0].status == .done)
    }

    @Test func theDemoStoryboardGetsATakeForEveryShot() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Projects/launch")
        let copy = try CLI.temporaryFolder().appendingPathComponent("launch")
        try FileManager.default.copyItem(at: demo, to: copy)
        let gen = try CLI.run(["gen", copy.path, "--missing", "--json"])
        #expect(gen.status == 0, "\(gen.stderr)")
        let project = try CLI.storyboard(copy)
        #expect(project.shots.count >= 6)
        for shot in project.shots {
            let take = try #require(shot.chosen, "\(shot.id) has a chosen take")
            let info = try MediaProbe.probe(copy.appendingPathComponent(try #require(take.output)))
            #expect(info.video?.width == 1280 && info.video?.height == 720)
            #expect(info.video?.frameCount == project.fps.frames(in: shot.duration), "\(shot.id)")
        }
        let again = try CLI.run(["gen", copy.path, "--missing"])
        #expect(again.stderr.contains("nothing to generate"), "a second run has nothing to do")
    }

    @Test func verifyNoticesAChangedOrMissingFileAndRegenRemakesIt() throws {
        let folder = try project()
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        let video = folder.appendingPathComponent("takes/s1/t1.mp4")
        let handle = try FileHandle(forWritingTo: video)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("garbage".utf8))
        try handle.close()
        let changed = try CLI.run(["regen", folder.path, "1", "t1", "--verify"])
        #expect(
            changed.status == 1 && changed.stderr.contains("has changed since it was made"),
            "\(changed.stderr)")
        let remade = try CLI.run(["regen", folder.path, "1", "t1"])
        #expect(remade.status == 0, "\(remade.stderr)")
        #expect(try CLI.run(["regen", folder.path, "1", "t1", "--verify"]).stdout.contains("identical"))
        try FileManager.default.removeItem(at: video)
        let missing = try CLI.run(["regen", folder.path, "1", "t1", "--verify"])
        #expect(missing.status == 1 && missing.stderr.contains("is missing"))
        let pick = try CLI.run(["pick", folder.path, "1", "t1"])
        #expect(
            pick.status == 1 && pick.stderr.contains("its file is missing")
                && pick.stderr.contains("kinora regen"))
    }

    @Test func ctrlCCancelsTheRunningAndTheWaitingTakes() throws {
        let folder = try project(duration: 300)
        let child = Process()
        child.executableURL = CLI.binary
        child.arguments = ["gen", folder.path, "--variations", "3"]
        child.standardError = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        for _ in 0..<500 where (try? CLI.storyboard(folder).shots[0].takes.first?.status) != .running {
            usleep(20_000)
        }
        kill(child.processIdentifier, SIGINT)
        child.waitUntilExit()
        #expect(child.terminationStatus == 130)
        let takes = try CLI.storyboard(folder).shots[0].takes
        #expect(takes.map(\.status) == [.cancelled, .cancelled, .cancelled])
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("takes/s1").path)
        #expect(leftovers.isEmpty, "no half-written file is kept: \(leftovers)")
    }

    @Test func namingAShotTwiceMakesOneTakeAndAMissingSourceIsRefused() throws {
        let folder = try project()
        #expect(try CLI.run(["gen", folder.path, "1", "s1", "--seed", "5"]).status == 0)
        #expect(try CLI.storyboard(folder).shots[0].takes.count == 1)
        let asset = try #require(try CLI.storyboard(folder).shots[0].source?.asset)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(asset))
        let refused = try CLI.run(["gen", folder.path, "--seed", "6"])
        #expect(
            refused.status == 1 && refused.stderr.contains("missing from the project"), "\(refused.stderr)")
        #expect(refused.stderr.contains("still.png"), "names the original file to copy back")
        #expect(try CLI.storyboard(folder).shots[0].takes.count == 1, "nothing was queued")
    }

    @Test func ffmpegKilledMidEncodeFailsThatTakeAndTheQueueGoesOn() throws {
        let folder = try project(duration: 300)
        let second = try CLI.run(["shot", "add", folder.path, "--prompt", "after", "--duration", "1"])
        #expect(second.status == 0)
        let child = Process()
        child.executableURL = CLI.binary
        child.arguments = ["gen", folder.path]
        child.standardError = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        var killed = 0
        for _ in 0..<500 where killed == 0 {
            usleep(20_000)
            // The full path: other tests running at the same time have their own takes/s1/.t1.mp4.partial.
            killed = ProcessTable.killFFmpeg(
                commandLineContaining: folder.appendingPathComponent("takes/s1/.t1.mp4.partial").path)
        }
        #expect(killed > 0, "the first take's encoder was found and killed")
        child.waitUntilExit()
        #expect(child.terminationStatus == 1, "a failed take makes the run exit 1")
        let shots = try CLI.storyboard(folder).shots
        #expect(shots[0].takes[0].status == .failed)
        #expect(shots[0].takes[0].error?.contains("ffmpeg") == true, "\(shots[0].takes[0].error ?? "")")
        #expect(shots[1].takes[0].status == .done, "the queue went on to the next take")
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("takes/s1/t1.mp4").path))
    }

    @Test func badGenerationRequestsAreRefused() throws {
        let folder = try project()
        let strength = try CLI.run(["shot", "set", folder.path, "1", "strength=1.5"])
        #expect(strength.status == 1 && strength.stderr.contains("between 0 and 1"))
        for (assignment, expected) in [
            ("param.speed=9", "param.speed must be a number from 0.25"),
            ("param.easing=bouncy", "param.easing"),
            ("param.intesity=1", "no parameter \"intesity\""),
            ("backend=runway", "No backend called \"runway\""),
            ("mode=video-to-video", "this shot has an image source"),
            ("duration=900", "beyond its limit of 600"),
        ] {
            let refused = try CLI.run(["shot", "set", folder.path, "1", assignment])
            #expect(
                refused.status == 1 && refused.stderr.contains(expected), "\(assignment): \(refused.stderr)")
        }
        let unknown = try CLI.run(["gen", folder.path, "--backend", "nowhere"])
        #expect(unknown.status == 1 && unknown.stderr.contains("No backend called \"nowhere\""))
        let motion = try CLI.run(["shot", "set", folder.path, "1", "motion=zoom"])
        #expect(motion.status == 1 && motion.stderr.contains("push-in, pull-out"))
        // A hand-edited storyboard can still hold such values: gen refuses them before queueing anything.
        let file = folder.appendingPathComponent("storyboard.json")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "\"duration\" : 1", with: "\"duration\" : 900")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["gen", folder.path])
        #expect(
            refused.status == 1 && refused.stderr.contains("beyond its limit of 600"), "\(refused.stderr)")
        #expect(try CLI.storyboard(folder).shots[0].takes.isEmpty, "nothing was queued")
    }
}

@Suite struct EmptyStoryboardGenTests {
    @Test func genOnAnEmptyStoryboardSaysHowToAddAShot() throws {
        let folder = try CLI.project()
        let before = try CLI.storyboardBytes(folder)
        let result = try CLI.run(["gen", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("has no shots yet"))
        #expect(result.stderr.contains("kinora shot add"))
        #expect(try CLI.storyboardBytes(folder) == before, "nothing saved")
    }
}
