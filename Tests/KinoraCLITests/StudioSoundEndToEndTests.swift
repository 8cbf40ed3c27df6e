import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// The studio's animatic with sound, as a person sees and hears it: the real binary in tmux, its sound
/// going to an ALSA device that writes to a file (ALSA's `file` plug-in, defined in a temporary
/// configuration given through `ALSA_CONFIG_PATH` and chosen with `KINORA_AUDIO_DEVICE`).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StudioSoundEndToEndTests {
    /// The preview's transport line: the clock, then the bar or the line being spoken.
    static func transport(_ screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains("▶") || $0.contains("❚❚") }.map(String.init)
    }

    @Test("the animatic shows the subtitle line while shot 1 plays, and its sound reaches the device")
    func animaticSubtitlesAndSound() throws {
        let folder = try CLI.project(shots: 2)
        let line = "Hello from the night market."
        for (shot, fields) in [("1", ["dialogue=MIMI: \(line)", "duration=4"]), ("2", ["duration=1"])] {
            let set = try CLI.run(["shot", "set", folder.path, shot] + fields)
            #expect(set.status == 0, "\(set.stderr)")
        }
        let played = folder.deletingLastPathComponent().appendingPathComponent("played.raw")
        let config = folder.deletingLastPathComponent().appendingPathComponent("asoundrc")
        try """
        pcm.kinoratest {
            type file
            slave.pcm { type null }
            file "\(played.path)"
            format "raw"
        }
        """.write(to: config, atomically: true, encoding: .utf8)
        let studio = try TmuxSession(
            "\(CLI.binary.path) \(folder.path) --graphics blocks", width: 100, height: 30,
            environment: [
                "LANG": "C.UTF-8", "HOME": folder.path, "ALSA_CONFIG_PATH": config.path,
                "KINORA_AUDIO_DEVICE": "kinoratest",
            ])
        defer { studio.kill() }
        try studio.wait(for: "s1")
        try studio.press("p")
        // The line shows on the transport line under the picture (the inspector's Dialogue row holds it too).
        let screen = try studio.wait(
            until: { Self.transport($0)?.contains("MIMI: \(line)") == true }, what: "the subtitle line")
        #expect(screen.contains("ANIMATIC") && screen.contains("shot 1"), "while shot 1 plays:\n\(screen)")
        #expect(!screen.contains("Playing without sound"), "the device was found:\n\(screen)")

        // What reached the device is the scratch line, not silence.
        var loudest = 0
        let deadline = Date().addingTimeInterval(20)
        while loudest < 1000 && Date() < deadline {
            usleep(100_000)
            let bytes = (try? Data(contentsOf: played)) ?? Data()
            loudest = bytes.withUnsafeBytes { $0.bindMemory(to: Int16.self).map { abs(Int($0)) }.max() ?? 0 }
        }
        #expect(loudest > 1000, "the scratch voice was played")

        // v hides the line; the animatic goes on.
        try studio.press("v")
        let hidden = try studio.wait(for: "Subtitles off")
        #expect(Self.transport(hidden)?.contains("MIMI") == false, "\(hidden)")
        try studio.press("q")
        try studio.wait(for: "DONE 0")
    }
}
