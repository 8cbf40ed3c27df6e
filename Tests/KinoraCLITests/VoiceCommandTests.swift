import Foundation
import KinoraCore
import Testing

/// Scratch voices through the real binary and the real espeak-ng: voices on the cast, `kinora voice`
/// speaking and fitting shots, `shot show` reporting speech, and Kinora without espeak-ng.
@Suite struct VoiceCommandTests {
    /// The loudest sample of a 16-bit WAV file Kinora wrote.
    private func peak(of file: URL) throws -> Int {
        let data = try Data(contentsOf: file).dropFirst(44)
        var loudest = 0
        var index = data.startIndex
        while index + 1 < data.endIndex {
            let sample = Int16(bitPattern: UInt16(data[index]) | UInt16(data[index + 1]) << 8)
            loudest = max(loudest, abs(Int(sample)))
            index += 2
        }
        return loudest
    }

    @Test func castCharactersHaveVoices() throws {
        let folder = try CLI.project()
        try CLI.succeed(["cast", "add", folder.path, "Mimi", "--voice", "en-gb", "--pitch", "60"])
        try CLI.succeed(["cast", "set", folder.path, "Mimi", "voice=fr", "rate=160"])
        #expect(try CLI.storyboard(folder).cast[0].voice == CastVoice(voice: "fr", pitch: 60, rate: 160))
        let shown = try CLI.succeed(["cast", "show", folder.path, "Mimi"])
        #expect(shown.stdout.contains("fr, pitch 60, 160 words a minute"), "\(shown.stdout)")
        let table = try CLI.succeed(["cast", "list", folder.path])
        #expect(table.stdout.contains("VOICE") && table.stdout.contains("fr, pitch 60"), "\(table.stdout)")
        let json = try CLI.succeed(["cast", "list", folder.path, "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((entries?.first?["voice"] as? [String: Any])?["voice"] as? String == "fr")

        let before = try CLI.storyboardBytes(folder)
        let badVoice = try CLI.run(["cast", "set", folder.path, "Mimi", "voice=en gb;rm"])
        #expect(badVoice.status == 1 && badVoice.stderr.contains("voice:"), "\(badVoice.stderr)")
        #expect(badVoice.stderr.contains("espeak-ng --voices"), "\(badVoice.stderr)")
        let unknown = try CLI.run(["cast", "set", folder.path, "Mimi", "voice=nosuchvoice"])
        #expect(
            unknown.status == 1 && unknown.stderr.contains("espeak-ng has no such voice"), "\(unknown.stderr)"
        )
        let badPitch = try CLI.run(["cast", "set", folder.path, "Mimi", "pitch=120"])
        #expect(badPitch.status == 1 && badPitch.stderr.contains("0 to 99"), "\(badPitch.stderr)")
        let badRate = try CLI.run(["cast", "add", folder.path, "Bo", "--rate", "20"])
        #expect(badRate.status == 1 && badRate.stderr.contains("80 to 450"), "\(badRate.stderr)")
        #expect(try CLI.storyboardBytes(folder) == before)

        try CLI.succeed(["cast", "set", folder.path, "Mimi", "voice=", "pitch=", "rate="])
        #expect(try CLI.storyboard(folder).cast[0].voice == nil)
    }

    @Test func voiceSpeaksChineseAndFitsShortShots() throws {
        let folder = try CLI.project(shots: 2)
        try CLI.succeed([
            "shot", "set", folder.path, "1", "dialogue=MIMI: 倒计时开始，大家深呼吸，十、九、八、七。", "duration=1",
        ])
        let before = try CLI.succeed(["shot", "show", folder.path, "1"])
        #expect(before.stdout.contains("longer than the shot (1.0 s); kinora voice"), "\(before.stdout)")
        #expect(before.stdout.contains("sound            auto"), "\(before.stdout)")

        let spoken = try CLI.succeed(["voice", folder.path, "--json"])
        let reports = try JSONSerialization.jsonObject(with: Data(spoken.stdout.utf8)) as? [[String: Any]]
        #expect(reports?.count == 1, "only shot 1 has dialogue: \(spoken.stdout)")
        let speech = reports?.first?["speech"] as? Double ?? 0
        #expect(speech > 1.5 && reports?.first?["tooLong"] as? Bool == true, "\(spoken.stdout)")
        let line = (reports?.first?["lines"] as? [[String: Any]])?.first
        let file = try #require(line?["file"] as? String)
        #expect(file.contains("cache/voices/") && FileManager.default.fileExists(atPath: file))
        #expect(try peak(of: URL(fileURLWithPath: file)) > 1000, "the Mandarin voice says something")

        let fitted = try CLI.succeed(["voice", folder.path, "--fit"])
        #expect(fitted.stdout.contains("lengthened to"), "\(fitted.stdout)")
        let duration = try CLI.storyboard(folder).shots[0].duration
        #expect(duration >= speech + 0.5 && duration < speech + 0.7, "\(duration) for \(speech) s of speech")
        #expect(try CLI.storyboard(folder).shots[1].duration == 4, "a shot without dialogue is left alone")
        let after = try CLI.succeed(["shot", "show", folder.path, "1"])
        #expect(
            after.stdout.contains("speech") && !after.stdout.contains("longer than the shot"),
            "\(after.stdout)")
    }

    @Test func withoutEspeakEverythingElseWorks() throws {
        let folder = try CLI.project(shots: 1)
        let missing = ["env", "KINORA_ESPEAK_LIBRARY=/nonexistent"]
        try CLI.succeed([
            "shot", "set", folder.path, "1", "dialogue=BO: One two three four five six.", "duration=1",
        ])
        let before = try CLI.storyboardBytes(folder)
        let refused = try CLI.run(["voice", folder.path, "--fit"], wrapper: missing)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("sudo apt-get install espeak-ng"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Nothing was changed"), "\(refused.stderr)")
        #expect(try CLI.storyboardBytes(folder) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cache/voices").path))

        let shown = try CLI.run(["shot", "show", folder.path, "1"], wrapper: missing)
        #expect(
            shown.status == 0 && shown.stdout.contains("speech           about"),
            "\(shown.stdout) \(shown.stderr)")
        let take = try CLI.run(["shot", "set", folder.path, "1", "sound=take"], wrapper: missing)
        #expect(take.status == 0, "\(take.stderr)")
        #expect(try CLI.storyboard(folder).shots[0].sound == .take)
        let bad = try CLI.run(["shot", "set", folder.path, "1", "sound=loud"])
        #expect(
            bad.status == 1 && bad.stderr.contains("sound") && bad.stderr.contains("auto, take, clips"),
            "\(bad.stderr)")
    }
}
