import Foundation
import KinoraCore
import Testing

/// Sound clips on shots and the music bed through the real binary: real files made by ffmpeg, imported
/// into assets/, listed, removed; anything that is not sound refused by name with nothing changed.
@Suite struct SoundCommandTests {
    /// A one-second 440 Hz tone.
    private func tone(_ name: String = "tone.wav", extra: [String] = []) throws -> URL {
        try CLI.makeMedia(["-f", "lavfi", "-i", "sine=frequency=440:duration=1"] + extra, name: name)
    }

    /// The files in the project's assets/ folder (none when it does not exist yet).
    private func assets(_ folder: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("assets").path))?
            .sorted() ?? []
    }

    /// Runs `arguments`, expecting exit 1, a message with each of `expected`, and nothing changed.
    private func expectRefused(_ arguments: [String], folder: URL, mentioning expected: [String]) throws {
        let before = try CLI.storyboardBytes(folder)
        let assetsBefore = assets(folder)
        let result = try CLI.run(arguments)
        #expect(result.status == 1, "\(arguments) exited \(result.status): \(result.stderr)")
        for text in expected {
            #expect(result.stderr.contains(text), "message should mention \(text): \(result.stderr)")
        }
        #expect(try CLI.storyboardBytes(folder) == before, "the storyboard must be intact")
        #expect(assets(folder) == assetsBefore, "nothing is imported by a refused command")
    }

    @Test func clipsAreAddedListedAndRemoved() throws {
        let folder = try CLI.project(shots: 2)
        try CLI.succeed(["shot", "set", folder.path, "1", "dialogue=MIMI: Ten minutes.", "duration=2"])
        let line = try tone()
        let added = try CLI.succeed([
            "sound", "add", folder.path, "1", line.path, "--at", "0.5", "--gain", "-3",
        ])
        #expect(
            added.stdout.contains("Added sound 1") && added.stdout.contains("dialogue"), "\(added.stdout)")
        #expect(added.stdout.contains("stands in for the shot's scratch voice"), "\(added.stdout)")
        // A video's sound is used, and said so; 96 kHz 8-channel sound is taken as it is.
        let video = try CLI.makeMedia(
            [
                "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-f", "lavfi", "-i",
                "sine=frequency=660:duration=1", "-t", "1", "-shortest",
            ], name: "door.mp4")
        let effect = try CLI.succeed(["sound", "add", folder.path, "s1", video.path, "--kind", "effect"])
        #expect(effect.stdout.contains("the sound of the video door.mp4"), "\(effect.stdout)")
        let wide = try tone("wide.wav", extra: ["-af", "aresample=96000", "-ac", "8"])
        let third = try CLI.succeed(["sound", "add", folder.path, "2", wide.path])
        #expect(third.stdout.contains("effect"), "shot 2 has no dialogue, so an effect: \(third.stdout)")

        let project = try CLI.storyboard(folder)
        let clips = project.shots[0].sounds ?? []
        #expect(clips.map(\.number) == [1, 2])
        #expect(clips.map(\.kind) == [.dialogue, .effect])
        #expect(clips[0].offset == 0.5 && clips[0].gain == -3)
        #expect(abs(clips[0].file.duration - 1) < 0.05)
        #expect(clips[0].file.asset.hasPrefix("assets/") && clips[0].file.originalName == "tone.wav")
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(clips[0].file.asset).path))
        #expect(abs((project.shots[1].sounds?.first?.file.duration ?? 0) - 1) < 0.05)

        let listed = try CLI.succeed(["sound", "list", folder.path])
        #expect(
            listed.stdout.contains("sound auto") && listed.stdout.contains("tone.wav"), "\(listed.stdout)")
        #expect(
            listed.stdout.contains("gain -3 dB") && listed.stdout.contains("wide.wav"), "\(listed.stdout)")
        let json = try CLI.succeed(["sound", "list", folder.path, "s1", "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.count == 1)
        let first = (decoded?.first?["clips"] as? [[String: Any]])?.first
        #expect(first?["kind"] as? String == "dialogue" && first?["offset"] as? Double == 0.5)
        #expect((first?["path"] as? String).map { FileManager.default.fileExists(atPath: $0) } == true)

        let removed = try CLI.succeed(["sound", "rm", folder.path, "1", "1"])
        #expect(removed.stdout.contains("Removed sound 1"), "\(removed.stdout)")
        #expect(try CLI.storyboard(folder).shots[0].sounds?.map(\.number) == [2])
        try expectRefused(
            ["sound", "rm", folder.path, "1", "7"], folder: folder, mentioning: ["no sound 7", "2"])
    }

    @Test func whatIsNotSoundIsRefusedByName() throws {
        let folder = try CLI.project(shots: 1)
        let picture = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1"], name: "still.png")
        let silent = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "color=c=blue:size=64x48:rate=10", "-t", "1"], name: "silent.mp4")
        let text = picture.deletingLastPathComponent().appendingPathComponent("notes.wav")
        try Data("this is not sound at all\n".utf8).write(to: text)
        let line = try tone()
        try expectRefused(
            ["sound", "add", folder.path, "1", picture.path], folder: folder,
            mentioning: ["still.png", "it has no sound", "picture"])
        try expectRefused(
            ["sound", "add", folder.path, "1", silent.path], folder: folder,
            mentioning: ["silent.mp4", "it has no sound"])
        try expectRefused(
            ["sound", "add", folder.path, "1", picture.deletingLastPathComponent().path], folder: folder,
            mentioning: ["folder"])
        try expectRefused(
            ["sound", "add", folder.path, "1", text.path], folder: folder,
            mentioning: ["notes.wav", "ffmpeg cannot read it"])
        try expectRefused(
            ["sound", "add", folder.path, "1", line.path, "--gain", "99"], folder: folder,
            mentioning: ["--gain", "between -60 and 24 dB"])
        try expectRefused(
            ["sound", "add", folder.path, "1", line.path, "--at", "-1"], folder: folder,
            mentioning: ["--at", "0 or more seconds"])
        try expectRefused(
            ["sound", "add", folder.path, "9", line.path], folder: folder, mentioning: ["No shot \"9\""])
    }

    @Test func theMusicBedIsSetChangedShownAndRemoved() throws {
        let folder = try CLI.project(shots: 1)
        // Three hours of music: accepted, its length recorded (exports and playback mix it down).
        let long = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "anullsrc=r=1000:cl=mono", "-t", "10800", "-c:a", "flac"],
            name: "score.flac")
        let set = try CLI.succeed(["music", folder.path, long.path, "--gain", "-10"])
        #expect(set.stdout.contains("score.flac") && set.stdout.contains("gain -10 dB"), "\(set.stdout)")
        #expect(set.stdout.contains("12 dB down under dialogue"), "\(set.stdout)")
        try CLI.succeed(["music", folder.path, "--ducking", "-6"])
        let music = try CLI.storyboard(folder).music
        #expect(music?.gain == -10 && music?.ducking == -6)
        #expect(abs((music?.file.duration ?? 0) - 10800) < 1)
        let shown = try CLI.succeed(["music", folder.path])
        #expect(shown.stdout.contains("6 dB down") && shown.stdout.contains("assets/"), "\(shown.stdout)")
        try expectRefused(
            ["music", folder.path, "--ducking", "5"], folder: folder,
            mentioning: ["--ducking", "-60 and 0 dB"])
        let removed = try CLI.succeed(["music", folder.path, "none"])
        #expect(removed.stdout.contains("Removed the music"), "\(removed.stdout)")
        #expect(try CLI.storyboard(folder).music == nil)
        try expectRefused(
            ["music", folder.path, "--gain", "-3"], folder: folder, mentioning: ["no music yet"])
    }
}
