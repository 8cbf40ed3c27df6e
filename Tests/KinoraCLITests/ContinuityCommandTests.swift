import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// Continuing shots (`continue=previous`), stale chains, `gen --stale` and `extend`, on the real binary
/// with the built-in engine.
@Suite struct ContinuityCommandTests {
    /// A 160x90, 12 fps project; `shots` lists, per shot, whether it continues the previous one (a shot
    /// that does not starts on a still of its own).
    private func project(_ shots: [Bool]) throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let created = try CLI.run(["new", folder.path, "--size", "160x90", "--fps", "12"])
        #expect(created.status == 0, "\(created.stderr)")
        let image = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "still.png")
        for (index, continues) in shots.enumerated() {
            var arguments = [
                "shot", "add", folder.path, "--prompt", "shot \(index + 1)", "--duration", "1", "--seed",
                "\(index + 1)", "--motion", "push-in",
            ]
            arguments += continues ? ["--continue"] : ["--image", image.path]
            let added = try CLI.run(arguments)
            #expect(added.status == 0, "\(added.stderr)")
        }
        return folder
    }

    /// Every frame of a take's video.
    private func frames(_ folder: URL, _ take: Take?) throws -> [RGBFrame] {
        let output = try #require(take?.output)
        let url = folder.appendingPathComponent(output)
        return try Quality.frames(try FrameReader(url: url, size: PixelSize(width: 160, height: 90)))
    }

    /// A frame's average red, green and blue.
    private func meanColour(_ frame: RGBFrame) -> [Double] {
        var sums = [0.0, 0.0, 0.0]
        for (index, value) in frame.pixels.enumerated() { sums[index % 3] += Double(value) }
        return sums.map { $0 / Double(frame.width * frame.height) }
    }

    /// `shot list --json`'s `stale` flags, in order.
    private func staleFlags(_ folder: URL) throws -> [Bool] {
        let listed = try CLI.run(["shot", "list", folder.path, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let shots = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        return shots.map { $0["stale"] as? Bool ?? false }
    }

    @Test func genMakesAChainInOrderEachShotStartingOnThePreviousLastFrame() throws {
        let folder = try project([false, true, true])
        // Moves that start away from the middle (a pan) or slide near things (an orbit) still open on
        // the frame they continue.
        #expect(try CLI.run(["shot", "set", folder.path, "2", "motion=pan-left"]).status == 0)
        #expect(try CLI.run(["shot", "set", folder.path, "3", "motion=orbit"]).status == 0)
        let gen = try CLI.run(["gen", folder.path])
        #expect(gen.status == 0, "\(gen.stderr)")
        let project = try CLI.storyboard(folder)
        #expect(project.shots.allSatisfy { $0.chosen?.status == .done }, "the chain was made in one run")
        for index in 1...2 {
            let previous = project.shots[index - 1]
            let shot = project.shots[index]
            let origin = try #require(shot.chosen?.request.firstFrame)
            #expect(origin == project.lastPlayedFrame(of: previous))
            #expect(origin.frame == 11, "the last of 12 frames")
            #expect(shot.source?.origin == origin && shot.source?.asset.hasSuffix(".png") == true)
            #expect(shot.source?.originalName == "\(previous.id)-\(origin.take)-frame11.png")
            let last = try #require(try frames(folder, previous.chosen).last)
            let first = try #require(try frames(folder, shot.chosen).first)
            #expect(Quality.psnr(last, first) >= 35, "\(shot.id) starts where \(previous.id) ends")
        }
        #expect(try staleFlags(folder) == [false, false, false])
        let shown = try CLI.run(["shot", "show", folder.path, "s2"])
        #expect(shown.stdout.contains("previous: s2 continues s1 t1 frame 11"), "\(shown.stdout)")
        // Made again, the chain answers from the takes it has: the same frames give the same requests.
        let again = try CLI.run(["gen", folder.path])
        #expect(
            again.status == 0 && again.stdout.components(separatedBy: "(cached)").count == 4,
            "\(again.stdout)")
        let table = try CLI.run(["shot", "list", folder.path])
        #expect(table.stdout.contains("CHAIN") && table.stdout.contains("from s1"), "\(table.stdout)")
    }

    @Test func choosingAnotherTakeUpstreamMakesExactlyTheChainStaleAndGenStaleRemakesIt() throws {
        let folder = try project([false, true, true, false])
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        // A new take of s1, chosen: s2 and s3 (continuing it, directly or down the chain) are stale.
        #expect(try CLI.run(["gen", folder.path, "s1", "--seed", "50"]).status == 0)
        #expect(try CLI.run(["pick", folder.path, "s1", "t2"]).status == 0)
        #expect(try staleFlags(folder) == [false, true, true, false])
        let table = try CLI.run(["shot", "list", folder.path])
        #expect(table.stdout.contains("STALE from s1") && table.stdout.contains("STALE from s2"))
        let takes = try CLI.run(["takes", folder.path, "s2"])
        #expect(
            takes.stdout.contains("s2 is STALE") && takes.stdout.contains("* t1")
                && takes.stdout.contains("STALE"))
        let takesJSON = try CLI.run(["takes", folder.path, "s2", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(takesJSON.stdout.utf8)) as? [[String: Any]]
        #expect(listed?.map { $0["stale"] as? Bool } == [true])
        let before = try CLI.storyboard(folder)

        let remake = try CLI.run(["gen", folder.path, "--stale", "--json"])
        #expect(remake.status == 0, "\(remake.stderr)")
        let made = try #require(
            try JSONSerialization.jsonObject(with: Data(remake.stdout.utf8)) as? [[String: Any]])
        #expect(made.map { "\($0["shot"] ?? "")/\($0["take"] ?? "")" } == ["s2/t2", "s3/t2"])
        let after = try CLI.storyboard(folder)
        #expect(
            after.shots[0].takes == before.shots[0].takes && after.shots[3].takes == before.shots[3].takes)
        #expect(after.shots[1].chosenTake?.rawValue == "t2" && after.shots[2].chosenTake?.rawValue == "t2")
        #expect(after.shots[2].chosen?.request.firstFrame == after.lastPlayedFrame(of: after.shots[1]))
        #expect(after.staleShotIndices().isEmpty)
        #expect(try staleFlags(folder) == [false, false, false, false])
        let nothing = try CLI.run(["gen", folder.path, "--stale"])
        #expect(nothing.status == 0 && nothing.stdout.contains("Nothing is stale"))

        // Trimming s2 moves its last played frame: s3 is stale, and remade from frame 5 (0.5 s at 12 fps).
        #expect(try CLI.run(["shot", "set", folder.path, "s2", "trim-out=0.5"]).status == 0)
        #expect(try staleFlags(folder) == [false, false, true, false])
        #expect(try CLI.run(["gen", folder.path, "--stale"]).status == 0)
        let trimmed = try CLI.storyboard(folder)
        let origin = try #require(trimmed.shots[2].chosen?.request.firstFrame)
        #expect(origin.shot == trimmed.shots[1].id && origin.frame == 5)
        let frame5 = try frames(folder, trimmed.shots[1].chosen)[5]
        let start = try #require(try frames(folder, trimmed.shots[2].chosen).first)
        #expect(Quality.psnr(frame5, start) >= 35)
    }

    @Test func extendedTakeIsAsLongAsTheSumAndStartsAsTheOriginal() throws {
        let folder = try project([false])
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        let extend = try CLI.run(["extend", folder.path, "s1", "--by", "1.5"])
        #expect(extend.status == 0, "\(extend.stderr)")
        #expect(extend.stdout.contains("s1 t2 seed 1 done takes/s1/t2.mp4"), "\(extend.stdout)")
        let shot = try CLI.storyboard(folder).shots[0]
        let original = try frames(folder, shot.takes.first)
        let extended = try frames(folder, shot.takes.last)
        #expect(original.count == 12)
        #expect(extended.count == 12 + 18, "no frame repeated or dropped at the join")
        let worst = zip(original, extended).map { Quality.psnr($0, $1) }.min() ?? 0
        #expect(worst >= 40, "the first part is the original (worst frame \(worst) dB)")
        let record = try #require(shot.takes.last)
        #expect(record.request.extends?.base.rawValue == "t1" && record.request.extends?.by == 1.5)
        #expect(record.request.duration == 2.5 && shot.chosenTake?.rawValue == "t1")
        let takes = try CLI.run(["takes", folder.path, "s1"])
        #expect(takes.stdout.contains("extends t1 by 1.5s"))
        let tooShort = try CLI.run(["extend", folder.path, "s1", "--by", "0.01"])
        #expect(
            tooShort.status == 1 && tooShort.stderr.contains("less than one frame at 12 fps"),
            "\(tooShort.stderr)")
        let verify = try CLI.run(["regen", folder.path, "s1", "t2", "--verify"])
        #expect(verify.status == 0 && verify.stdout.contains("identical"), "\(verify.stderr)")
    }

    @Test func aStyledChainAndAStyledExtensionAreNotStyledTwiceAtTheirJoins() throws {
        let folder = try project([false, true])
        for shot in ["1", "2"] {
            #expect(try CLI.run(["shot", "set", folder.path, shot, "style=teal-orange"]).status == 0)
        }
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        var shots = try CLI.storyboard(folder).shots
        let last = try #require(try frames(folder, shots[0].chosen).last)
        let first = try #require(try frames(folder, shots[1].chosen).first)
        #expect(Quality.psnr(last, first) >= 35, "the grade is not applied over itself")
        #expect(shots[1].chosen?.request.sourceHasLook == true)

        #expect(try CLI.run(["extend", folder.path, "s2", "--by", "0.5"]).status == 0)
        shots = try CLI.storyboard(folder).shots
        let extended = try frames(folder, shots[1].takes.last)
        #expect(extended.count == 18)
        // The camera moves on across the join; a grade applied twice would shift the colours at once.
        let (before, after) = (meanColour(extended[11]), meanColour(extended[12]))
        let shift = zip(before, after).map { abs($0 - $1) }.max() ?? 0
        #expect(shift < 3, "the colours carry across the join: \(before) then \(after)")
    }

    @Test func badInputIsRefusedWithWhatToDo() throws {
        let empty = try project([])
        let first = try CLI.run(["shot", "add", empty.path, "--prompt", "x", "--continue"])
        #expect(first.status == 1 && first.stderr.contains("it is the first shot"), "\(first.stderr)")

        // s1 has no take yet: s2, continuing it, waits for it.
        let folder = try project([false, true])
        let set = try CLI.run(["shot", "set", folder.path, "1", "continue=previous"])
        #expect(set.status == 1 && set.stderr.contains("s1 continues the previous shot"), "\(set.stderr)")
        let waiting = try CLI.run(["gen", folder.path, "s2"])
        #expect(waiting.status == 1 && waiting.stderr.contains("Make s1 first"), "\(waiting.stderr)")
        let listed = try CLI.run(["shot", "list", folder.path, "--json"])
        #expect(listed.stdout.contains("\"waitingFor\" : \"s1\""), "\(listed.stdout)")
        #expect(try CLI.run(["shot", "list", folder.path]).stdout.contains("waiting for s1"))

        let noTake = try CLI.run(["extend", folder.path, "s1", "--by", "1"])
        #expect(noTake.status == 1 && noTake.stderr.contains("no chosen take to extend"), "\(noTake.stderr)")
        for seconds in ["0", "-1"] {
            let refused = try CLI.run(["extend", folder.path, "s1", "--by", seconds])
            #expect(refused.status == 1 && refused.stderr.contains("--by must be"), "\(refused.stderr)")
        }
        let missing = try CLI.run(["extend", folder.path, "s1", "t9", "--by", "1"])
        #expect(missing.status == 1 && missing.stderr.contains("t9"), "\(missing.stderr)")

        // A failed take cannot be extended.
        var project = try CLI.storyboard(folder)
        var failed = Take(
            id: TakeID(serial: 1), seed: 1,
            request: TakeRequest(
                backend: "builtin", engineVersion: "x", mode: .slate, prompt: "", negativePrompt: "",
                source: nil,
                sourceHash: nil, inPoint: nil, outPoint: nil, duration: 1, fps: project.fps,
                size: project.size,
                seed: 1, settings: GenerationSettings()),
            status: .failed, createdAt: Date())
        failed.error = "the engine ran out of memory"
        project.shots[0].takes = [failed]
        project.shots[0].nextTakeNumber = 2
        // A hand-edited storyboard where the continuing shot is first.
        project.shots.swapAt(0, 1)
        try StoryboardCodec.encode(project).write(
            to: folder.appendingPathComponent(ProjectLayout.storyboardFile))
        let failedExtend = try CLI.run(["extend", folder.path, "s1", "t1", "--by", "1"])
        #expect(
            failedExtend.status == 1 && failedExtend.stderr.contains("s1 t1 cannot be extended: it failed"))
        let before = try CLI.storyboardBytes(folder)
        let firstGen = try CLI.run(["gen", folder.path])
        #expect(firstGen.status == 1 && firstGen.stderr.contains("s2 continues the previous shot"))
        #expect(firstGen.stderr.contains("it is the first shot"), "\(firstGen.stderr)")
        #expect(try CLI.storyboardBytes(folder) == before, "nothing was queued")
    }
}
