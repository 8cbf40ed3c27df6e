import Foundation
import KinoraCore
import Testing

@Suite struct ShotCommandTests {
    @Test func newCreatesAnEmptyStoryboard() throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("new")
        let result = try CLI.run([
            "new", folder.path, "--title", "夜空", "--fps", "23.976", "--size", "1920x1080", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let project = try CLI.storyboard(folder)
        #expect(
            project.title == "夜空" && project.fps.description == "24000/1001"
                && project.size.description == "1920x1080")
        #expect(project.shots.isEmpty)
        let printed = try StoryboardCodec.decoder().decode(Project.self, from: Data(result.stdout.utf8))
        #expect(printed == project)
    }

    @Test func addListShowSetMoveRemoveRoundTrip() throws {
        let folder = try CLI.project()
        let image = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1"], name: "still.png")
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "火箭升空", "--image", image.path, "--seed", "1207",
            "--motion", "push-in", "--style", "noir", "--strength", "0.5", "--label", "1A", "--duration", "3",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "s1\n")
        let second = try CLI.run(["shot", "add", folder.path, "--prompt", "title card", "--json"])
        let secondShot = try StoryboardCodec.decoder().decode(Shot.self, from: Data(second.stdout.utf8))
        #expect(secondShot.id.rawValue == "s2" && secondShot.mode == .slate)
        let inserted = try CLI.run(["shot", "add", folder.path, "--prompt", "insert", "--after", "s1"])
        #expect(inserted.stdout == "s3\n")

        var project = try CLI.storyboard(folder)
        #expect(project.shots.map(\.id.rawValue) == ["s1", "s3", "s2"])
        let first = project.shots[0]
        #expect(first.prompt == "火箭升空" && first.seed == 1207 && first.label == "1A" && first.duration == 3)
        #expect(
            first.mode == .imageToVideo && first.settings.motion == .pushIn && first.settings.style == .noir)
        let source = try #require(first.source)
        #expect(source.asset == "assets/\(source.sha256).png" && source.originalName == "still.png")
        #expect(try ContentHash.sha256(of: folder.appendingPathComponent(source.asset)) == source.sha256)

        let list = try CLI.run(["shot", "list", folder.path])
        #expect(list.status == 0 && list.stdout.contains("火箭升空") && list.stdout.contains("3 shots"))
        let listJSON = try CLI.run(["shot", "list", folder.path, "--json"])
        let listed = try StoryboardCodec.decoder().decode([Shot].self, from: Data(listJSON.stdout.utf8))
        #expect(listed == project.shots, "the JSON reads back as the storyboard's shots")
        let show = try CLI.run(["shot", "show", folder.path, "1"])
        #expect(show.stdout.contains("seed             1207") && show.stdout.contains("push-in"))
        let showJSON = try CLI.run(["shot", "show", folder.path, "s3", "--json"])
        let shown = try StoryboardCodec.decoder().decode(Shot.self, from: Data(showJSON.stdout.utf8))
        #expect(shown == project.shots[1])

        let set = try CLI.run([
            "shot", "set", folder.path, "s2", "prompt=星空\nsecond line", "duration=2.5", "seed-locked=true",
            "transition=dissolve:8", "param.speed=2",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        let move = try CLI.run(["shot", "move", folder.path, "s2", "--to", "1"])
        #expect(move.status == 0, "\(move.stderr)")
        let remove = try CLI.run(["shot", "rm", folder.path, "2"])
        #expect(remove.status == 0 && remove.stdout.contains("Removed s1"), "\(remove.stderr)")

        project = try CLI.storyboard(folder)
        #expect(project.shots.map(\.id.rawValue) == ["s2", "s3"])
        let changed = project.shots[0]
        #expect(changed.prompt == "星空\nsecond line" && changed.duration == 2.5 && changed.seedLocked)
        #expect(changed.transition == .dissolve(frames: 8) && changed.settings.parameters == ["speed": "2"])
        let again = try CLI.run(["shot", "add", folder.path, "--prompt", "after removal"])
        #expect(again.stdout == "s4\n", "ids are never reused")
    }

    @Test func videoSourcesKeepTheirRange() throws {
        let folder = try CLI.project()
        let video = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=24", "-t", "3", "-pix_fmt", "yuv420p"],
            name: "clip.mp4")
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "clip", "--video", video.path, "--in", "0.5", "--out",
            "2",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let shot = try #require(try CLI.storyboard(folder).shots.first)
        #expect(shot.mode == .videoToVideo && shot.duration == 1.5)
        let source = try #require(shot.source)
        #expect(source.kind == .video && source.inPoint == 0.5 && source.outPoint == 2)
        #expect(abs((source.mediaDuration ?? 0) - 3) < 0.05)
        #expect(try CLI.run(["shot", "set", folder.path, "1", "out=2.5"]).status == 0)
        #expect(try CLI.storyboard(folder).shots[0].source?.outPoint == 2.5)

        let beyond = try CLI.run([
            "shot", "add", folder.path, "--prompt", "x", "--video", video.path, "--out", "9",
        ])
        #expect(beyond.status == 1 && beyond.stderr.contains("outside the video"))
    }

    @Test func usageMistakesExitOne() throws {
        let folder = try CLI.project(shots: 1)
        let before = try CLI.storyboardBytes(folder)
        for arguments in [
            ["shot", "add", folder.path],
            ["shot", "add", folder.path, "--prompt", "x", "--image", "a.png", "--video", "b.mp4"],
            ["shot", "add", folder.path, "--prompt", "x", "--in", "2"],
            ["shot", "set", folder.path, "1", "novalue"],
            ["shot", "frobnicate", folder.path],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        #expect(try CLI.storyboardBytes(folder) == before)
        #expect(try CLI.run(["--help"]).status == 0)
    }

    @Test func doctorReportsTheTools() throws {
        let result = try CLI.run(["doctor", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let checks = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let names = checks.compactMap { $0["name"] as? String }
        #expect(["ffmpeg", "ffprobe", "libx264", "chafa", "fonts", "terminal"].allSatisfy(names.contains))
    }

    @Test func doctorSaysHowToInstallAMissingFFmpeg() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["doctor"]
        process.environment = [
            "PATH": "/nonexistent", "KINORA_FFMPEG": "/nonexistent/ffmpeg",
            "KINORA_FFPROBE": "/nonexistent/ffprobe",
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.contains("FAIL  ffmpeg") && text.contains("apt-get install ffmpeg"), "\(text)")
    }
}
