import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// The film's sound, subtitles and audio timelines, exported by the real `kinora` with real espeak-ng,
/// ffmpeg, OpenTimelineIO and melt.
@Suite struct SoundExportTests {
    /// Three two-second slate shots at 160x90, 12 fps, a line of dialogue on shots 1 and 3.
    private func project() throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        try CLI.succeed(["new", folder.path, "--title", "Film", "--fps", "12", "--size", "160x90"])
        for number in 1...3 {
            try CLI.succeed(["shot", "add", folder.path, "--prompt", "shot \(number)", "--seed", "\(number)"])
        }
        try CLI.succeed(["shot", "set", folder.path, "1", "duration=2", "dialogue=MIMI: Hello there."])
        try CLI.succeed(["shot", "set", folder.path, "2", "duration=2"])
        try CLI.succeed(["shot", "set", folder.path, "3", "duration=2", "dialogue=STEEL: Good night."])
        return folder
    }

    /// Runs a tool from PATH and returns its stdout and stderr; it must succeed.
    private func tool(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let output = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments)
        #expect(output.status.isSuccess, "\(arguments.prefix(3)): \(output.stderr)")
        return (String(decoding: output.stdout, as: UTF8.self), output.stderr)
    }

    /// The spans of `file`'s sound louder than -45 dB, from ffmpeg's silencedetect.
    private func soundSpans(_ file: URL, length: Double) throws -> [ClosedRange<Double>] {
        let report = try tool([
            "ffmpeg", "-nostdin", "-hide_banner", "-i", file.path, "-vn", "-af",
            "silencedetect=noise=-45dB:d=0.15", "-f", "null", "-",
        ]).stderr
        var spans: [ClosedRange<Double>] = []
        var soundStart = 0.0
        for line in report.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let at = words.firstIndex(of: "silence_start:"), at + 1 < words.count,
                let start = Double(words[at + 1])
            {
                if start > soundStart + 0.01 { spans.append(soundStart...start) }
            }
            if let at = words.firstIndex(of: "silence_end:"), at + 1 < words.count,
                let end = Double(words[at + 1])
            {
                soundStart = end
            }
        }
        if soundStart < length - 0.05, !report.contains("silence_start") || soundStart > 0 {
            spans.append(soundStart...length)
        }
        return spans
    }

    /// The integrated loudness ffmpeg's ebur128 filter measures, in LUFS.
    private func integratedLoudness(_ file: URL) throws -> Double {
        let report = try tool([
            "ffmpeg", "-nostdin", "-hide_banner", "-i", file.path, "-vn", "-af", "ebur128", "-f", "null", "-",
        ]).stderr
        let summary = report.components(separatedBy: "Integrated loudness:").last ?? ""
        let line = summary.split(separator: "\n").first { $0.contains("I:") } ?? ""
        return Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan
    }

    @Test func theFilmSpeaksInShotsOneAndThreeAtTheLoudnessAndItsSubtitlesAndTimelinesAgree() throws {
        let folder = try project()
        let out = try CLI.temporaryFolder()
        let film = out.appendingPathComponent("film.mp4")
        let exported = try CLI.succeed(["export", folder.path, "-o", film.path, "--loudness=-18"])
        #expect(!exported.stderr.contains("silent"), "espeak-ng is installed here: \(exported.stderr)")

        // Speech lies inside shots 1 (0–2 s) and 3 (4–6 s), none in shot 2.
        let info = try MediaProbe.probe(film)
        #expect(info.hasAudio)
        let spans = try soundSpans(film, length: 6)
        #expect(!spans.isEmpty, "the film has speech")
        for span in spans {
            let inOne = span.lowerBound >= 0.2 && span.upperBound <= 2.05
            let inThree = span.lowerBound >= 4.2 && span.upperBound <= 6.05
            #expect(inOne || inThree, "speech at \(span) lies outside shots 1 and 3")
        }
        #expect(spans.contains { $0.upperBound <= 2.05 }, "shot 1 speaks: \(spans)")
        #expect(spans.contains { $0.lowerBound >= 4.2 }, "shot 3 speaks: \(spans)")
        let loudness = try integratedLoudness(film)
        #expect(abs(loudness - -18) <= 1, "integrated loudness \(loudness) LUFS, target -18")

        // One cue a line, at its time in the film.
        let srt = out.appendingPathComponent("film.srt")
        try CLI.succeed(["export", folder.path, "-o", srt.path])
        let cues = try String(contentsOf: srt, encoding: .utf8).components(separatedBy: "\n\n").filter {
            !$0.isEmpty
        }
        #expect(cues.count == 2)
        #expect(cues.first?.hasPrefix("1\n00:00:00,250 --> 00:00:0") == true, "\(cues)")
        #expect(cues.first?.hasSuffix("Hello there.") == true)
        #expect(cues.last?.hasPrefix("2\n00:00:04,250 --> 00:00:0") == true, "\(cues)")
        #expect(cues.last?.hasSuffix("Good night.") == true)
        let vtt = out.appendingPathComponent("film.vtt")
        try CLI.succeed(["export", folder.path, "-o", vtt.path])
        let webVTT = try String(contentsOf: vtt, encoding: .utf8)
        #expect(webVTT.hasPrefix("WEBVTT\n\n00:00:00.250 --> "))
        #expect(webVTT.contains("<v STEEL>Good night."))

        // OTIO read back by OpenTimelineIO: an audio track with a clip per line, at its place.
        let otio = out.appendingPathComponent("film.otio")
        try CLI.succeed(["export", folder.path, "-o", otio.path])
        let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/python/bin/python3")
        let script = """
            import sys, opentimelineio as otio
            timeline = otio.adapters.read_from_file(sys.argv[1])
            for track in timeline.tracks:
                for clip in track.find_clips():
                    start = clip.range_in_parent().start_time.value_rescaled_to(12)
                    print(track.kind, round(start), clip.metadata["kinora"].get("role", "picture"), \
            clip.media_reference.target_url.startswith("file://") \
            if hasattr(clip.media_reference, "target_url") else "none")
            """
        let read = try tool([python.path, "-c", script, otio.path]).stdout
        let audio = read.split(separator: "\n").filter { $0.hasPrefix("Audio") }
        #expect(audio == ["Audio 3 scratch True", "Audio 51 scratch True"], "\(read)")

        // MLT renders with melt, with sound.
        let mlt = out.appendingPathComponent("film.mlt")
        try CLI.succeed(["export", folder.path, "-o", mlt.path])
        let rendered = out.appendingPathComponent("melt.mp4")
        try tool([
            "melt", "-quiet", mlt.path, "-consumer", "avformat:\(rendered.path)", "vcodec=libx264",
            "preset=ultrafast", "acodec=aac", "real_time=0",
        ])
        #expect(try MediaProbe.probe(rendered).hasAudio)
        let melted = try soundSpans(rendered, length: 6)
        #expect(
            melted.contains { $0.upperBound <= 2.1 } && melted.contains { $0.lowerBound >= 4.1 }, "\(melted)")
    }

    @Test func withoutEspeakTheFilmExportsWithSilentLinesAndSaysSoOnce() throws {
        let folder = try project()
        let film = try CLI.temporaryFolder().appendingPathComponent("film.mp4")
        let result = try CLI.run(
            ["export", folder.path, "-o", film.path],
            wrapper: ["/usr/bin/env", "KINORA_ESPEAK_LIBRARY=/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.components(separatedBy: "Scratch lines are silent").count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("espeak-ng"))
        #expect(try !MediaProbe.probe(film).hasAudio, "nothing to hear without a voice")
        let srt = film.deletingLastPathComponent().appendingPathComponent("film.srt")
        try CLI.run(
            ["export", folder.path, "-o", srt.path],
            wrapper: ["/usr/bin/env", "KINORA_ESPEAK_LIBRARY=/nonexistent"])
        #expect(
            try String(contentsOf: srt, encoding: .utf8).contains("00:00:04,250 --> "),
            "subtitles timed by their words")
        let bad = try CLI.run(["export", folder.path, "-o", film.path, "--loudness", "3"])
        #expect(bad.status != 0 && bad.stderr.contains("--loudness is between -60 and -5 LUFS"))
        // A negative target reads as a value, not an option.
        let broadcast = try CLI.run(["export", folder.path, "-o", film.path, "--loudness", "-23"])
        #expect(broadcast.status == 0, "\(broadcast.stderr)")
    }
}
