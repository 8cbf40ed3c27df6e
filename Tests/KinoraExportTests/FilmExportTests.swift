import Foundation
import KinoraCore
import KinoraSound
import KinoraTestSupport
import Testing

@testable import KinoraExport
@testable import KinoraMedia

@Suite struct FilmExportTests {
    private typealias Spec = FilmFixture.ShotSpec

    private func export(_ plan: FilmPlan, format: ExportFormat = .mp4, music: URL? = nil) throws -> URL {
        let output = try TestFiles.folder().appendingPathComponent("film.\(format.rawValue)")
        var plan = plan
        if let music { plan.music = FilmMusic(url: music) }
        try FilmExporter(plan: plan, output: output, format: format).run()
        return output
    }

    /// Frames in a video, counted by decoding.
    private func frameCount(_ url: URL) throws -> Int {
        let reader = try FrameReader(url: url, size: PixelSize(width: 32, height: 18))
        defer { reader.close() }
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    /// Every frame of a video at `size`, in order.
    private func frames(_ url: URL, size: PixelSize) throws -> [RGBFrame] {
        let reader = try FrameReader(url: url, size: size)
        defer { reader.close() }
        var all: [RGBFrame] = []
        while let frame = try reader.next() { all.append(frame) }
        return all
    }

    @Test func theFilmHasTheRightLengthSizeRateAndEachShotInItsPlace() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 2, transition: .dissolve(frames: 12)),
            Spec(source: "smptebars", seconds: 2, transition: .fade(frames: 8)),
            Spec(
                source: "mandelbrot", seconds: 3, transition: .dip(frames: 6),
                trim: TrimRange(inPoint: 0.5, outPoint: 2.5)),
            Spec(source: "rgbtestsrc", seconds: 2),
        ])
        let plan = try fixture.plan()
        // 48 + 48 + 48 (trimmed to 2 s) + 48, less the dissolve's 12 frames.
        #expect(plan.totalFrames == 180)
        let film = try export(plan)
        let info = try MediaProbe.probe(film)
        let video = try #require(info.video)
        #expect(video.width == 320 && video.height == 180 && abs(video.fps - 24) < 0.01)
        #expect(abs((info.duration ?? 0) - 7.5) <= 1.0 / 24 + 0.001, "duration \(info.duration ?? 0)")
        #expect(try frameCount(film) == 180)
        // Frames by index (decoded in order, no seeking): the film's frame at each shot's middle is the
        // take's frame at the same point of the shot.
        let small = PixelSize(width: 80, height: 45)
        let filmFrames = try frames(film, size: small)
        for segment in plan.segments {
            guard let take = segment.takeURL else { continue }
            let middle = segment.frames / 2
            let takeFrames = try frames(take, size: small)
            let inFrames = Int((segment.inPoint * 24).rounded())
            let score = Quality.psnr(filmFrames[segment.recordStart + middle], takeFrames[inFrames + middle])
            #expect(score > 30, "shot \(segment.shot) at its midpoint: \(score) dB")
            let other = plan.segments.first { $0.shot != segment.shot }?.takeURL
            if let other {
                let wrong = Quality.psnr(
                    filmFrames[segment.recordStart + middle], try frames(other, size: small)[middle])
                #expect(wrong < score - 10, "another shot's picture does not match as well: \(wrong) dB")
            }
        }
        let size = PixelSize(width: 320, height: 180)
        // Half-way through the fade the picture is black; half-way through the dip it is white.
        let fadeBottom = try FrameDecoder.grabFrame(
            url: film, at: plan.seconds(plan.segments[2].recordStart) - 0.01, size: size)
        #expect(
            fadeBottom.pixels.reduce(0) { $0 + Int($1) } / fadeBottom.pixels.count < 40, "black at the fade")
        let dipTop = try FrameDecoder.grabFrame(
            url: film, at: plan.seconds(plan.segments[3].recordStart) - 0.01, size: size)
        #expect(dipTop.pixels.reduce(0) { $0 + Int($1) } / dipTop.pixels.count > 200, "white at the dip")
    }

    @Test func takesOfOtherSizesAndRatesAreConformed() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 2, size: "640x480", rate: 30),
            Spec(source: "smptebars", seconds: 1, size: "160x90", rate: 25),
        ])
        let film = try export(try fixture.plan())
        let video = try #require(try MediaProbe.probe(film).video)
        #expect(video.width == 320 && video.height == 180 && abs(video.fps - 24) < 0.01)
        #expect(try frameCount(film) == 72)
        // The 4:3 take is letterboxed (pillarboxed): black at the left edge, picture in the middle.
        let first = try FrameDecoder.grabFrame(url: film, at: 0.5, size: PixelSize(width: 320, height: 180))
        #expect(first[5, 90].red < 20 && first[5, 90].green < 20, "a black bar at the side")
    }

    @Test func aMissingTakeBecomesASlateOrStopsTheExportAsAsked() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 1), Spec(source: "smptebars", seconds: 2, missing: true),
        ])
        let plan = try fixture.plan(missing: .slate)
        #expect(plan.segments[1].content == .slate && plan.warnings.contains { $0.contains("s2") })
        let film = try export(plan)
        #expect(try frameCount(film) == 72)
        let slate = try FrameDecoder.grabFrame(url: film, at: 2, size: PixelSize(width: 320, height: 180))
        #expect(Set(slate.pixels).count > 10, "text is drawn on the slate")
        #expect(try fixture.plan(missing: .skip).segments.count == 1)
        #expect(throws: ExportError.self) { try fixture.plan(missing: .stop) }
        do {
            _ = try fixture.plan(missing: .stop)
        } catch let error as ExportError {
            #expect(error.userMessage.contains("s2") && error.userMessage.contains("missing"))
        }
    }

    @Test func aCorruptTakeIsNamedWithItsShot() throws {
        let fixture = try FilmFixture([Spec(source: "testsrc2", seconds: 1)])
        try Data("not a video".utf8).write(to: fixture.folder.appendingPathComponent("takes/s1/t1.mp4"))
        do {
            _ = try fixture.plan(missing: .stop)
            Issue.record("a corrupt take must not pass")
        } catch let error as ExportError {
            #expect(error.userMessage.contains("Shot s1") && error.userMessage.contains("t1.mp4"))
        }
    }

    @Test func aTakeCutShortBecomesASlateNotAFailedExport() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 1),
            Spec(source: "smptebars", seconds: 3, transition: .fade(frames: 12)),
        ])
        // Keep the start of the file only: with faststart the header still promises every frame.
        let take = fixture.folder.appendingPathComponent("takes/s2/t1.mp4")
        let whole = try Data(contentsOf: take)
        try whole.prefix(whole.count / 3).write(to: take)
        let plan = try fixture.plan(missing: .slate)
        #expect(plan.segments[1].content == .slate && plan.warnings.contains { $0.contains("s2") })
        let film = try export(plan)
        #expect(try frameCount(film) == plan.totalFrames)
        // The film's last frame is fully black after its closing fade.
        let last = try frames(film, size: PixelSize(width: 32, height: 18)).last
        #expect((last?.pixels.max() ?? 255) < 24, "the film ends in black")
    }

    @Test func zeroShotsAndBadOutputsAreRefused() throws {
        let empty = try FilmFixture([])
        #expect(throws: ExportError.self) { try empty.plan() }
        let fixture = try FilmFixture([Spec(source: "testsrc2", seconds: 1)])
        let plan = try fixture.plan()
        let nowhere = URL(fileURLWithPath: "/nonexistent-folder/film.mp4")
        #expect(throws: ExportError.self) {
            try FilmExporter(plan: plan, output: nowhere, format: .mp4).run()
        }
        let folder = try TestFiles.folder()
        #expect(throws: ExportError.self) { try FilmExporter(plan: plan, output: folder, format: .mp4).run() }
    }

    @Test func musicThatIsNotAudioIsNamedAndRealMusicIsMixedIn() throws {
        let fixture = try FilmFixture([Spec(source: "testsrc2", seconds: 2)])
        let plan = try fixture.plan()
        let notAudio = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=64x36", "-frames:v", "1"], name: "x.png")
        do {
            _ = try export(plan, music: notAudio)
            Issue.record("a picture is not music")
        } catch let error as ExportError {
            #expect(error.userMessage.contains("x.png"))
        }
        let music = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=440:duration=5"], name: "m.wav")
        let film = try export(plan, music: music)
        let info = try MediaProbe.probe(film)
        #expect(info.hasAudio)
        #expect(
            abs((info.duration ?? 0) - 2) < 0.1, "the music is trimmed to the film: \(info.duration ?? 0)")
    }

    @Test func shareableAndEditorFormatsAreWritten() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 1, transition: .dissolve(frames: 6)),
            Spec(source: "smptebars", seconds: 1),
        ])
        let plan = try fixture.plan()
        for format in [ExportFormat.mov, .gif] {
            let film = try export(plan, format: format)
            let info = try MediaProbe.probe(film)
            let expected = ["mov": "prores", "gif": "gif"][format.rawValue]
            #expect(info.video?.codec == expected, "\(format): \(info.video?.codec ?? "none")")
        }
        // ffmpeg 5.1 cannot read animated WebP back: walk its RIFF chunks and count the frames.
        let webp = try [UInt8](Data(contentsOf: try export(plan, format: .webp)))
        #expect(
            webp.count > 12 && Array(webp[0..<4]) == Array("RIFF".utf8)
                && Array(webp[8..<12]) == Array("WEBP".utf8))
        var chunks: [String: Int] = [:]
        var milliseconds = 0
        var offset = 12
        let number = { (start: Int, count: Int) in
            webp[start..<(start + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        while offset + 8 <= webp.count {
            let name = String(decoding: webp[offset..<(offset + 4)], as: UTF8.self)
            let size = number(offset + 4, 4)
            chunks[name, default: 0] += 1
            // An ANMF frame's duration is the 24-bit number after its position and size (identical
            // frames are merged into one longer frame, so durations are summed, not frames counted).
            if name == "ANMF" { milliseconds += number(offset + 8 + 12, 3) }
            offset += 8 + size + size % 2
        }
        // 42 film frames at 24 fps are 1.75 s.
        #expect(chunks["ANIM"] == 1 && (chunks["ANMF"] ?? 0) > 1, "\(chunks)")
        #expect(abs(milliseconds - 1750) <= 70, "\(milliseconds) ms")
    }

    @Test func cancellingLeavesNoFile() throws {
        let fixture = try FilmFixture([Spec(source: "testsrc2", seconds: 8)])
        var plan = try fixture.plan()
        plan.size = FrameSize(width: 1920, height: 1080) ?? plan.size
        let output = try TestFiles.folder().appendingPathComponent("film.mp4")
        let exporter = FilmExporter(plan: plan, output: output, format: .mov)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { exporter.cancel() }
        #expect(throws: ExportError.cancelled(path: output.path)) { try exporter.run() }
        let left = try FileManager.default.contentsOfDirectory(
            atPath: output.deletingLastPathComponent().path)
        #expect(left.isEmpty, "nothing left behind: \(left)")
    }

    @Test func dissolvesIntoAndOutOfAShortShotNeverOverlap() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 1, transition: .dissolve(frames: 20)),
            Spec(source: "smptebars", seconds: 1, transition: .dissolve(frames: 20)),
            Spec(source: "mandelbrot", seconds: 1),
        ])
        let plan = try fixture.plan()
        let middle = plan.segments[1]
        #expect(plan.segments[0].overlapWithNext + middle.overlapWithNext < middle.frames, "\(plan.segments)")
        #expect(plan.warnings.count == 1, "the second dissolve was shortened and said so: \(plan.warnings)")
        let film = try export(plan)
        #expect(try frameCount(film) == plan.totalFrames)
    }

    /// The mean volume in dB of `seconds` of `url`'s sound from `start` (ffmpeg's volumedetect).
    private func meanVolume(_ url: URL, from start: Double, seconds: Double) throws -> Double {
        let output = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [
                "ffmpeg", "-nostdin", "-hide_banner", "-ss", "\(start)", "-t", "\(seconds)", "-i", url.path,
                "-vn",
                "-af", "volumedetect", "-f", "null", "-",
            ])
        let line = output.stderr.split(separator: "\n").first { $0.contains("mean_volume:") } ?? ""
        return Double(line.split(separator: " ").dropLast().last ?? "") ?? -999
    }

    @Test func aVideoShotKeepsItsSourceSoundInItsPlace() throws {
        let fixture = try FilmFixture([
            Spec(source: "testsrc2", seconds: 2), Spec(source: "smptebars", seconds: 2),
        ])
        var plan = try fixture.plan()
        let tone = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=300:duration=6"], name: "tone.wav")
        plan.segments[1].sounds = [
            PlacedSound(role: .take, url: tone, start: 0, sourceStart: 1, duration: 2, gain: 0)
        ]
        let film = try export(plan)
        #expect(try MediaProbe.probe(film).hasAudio)
        #expect(try meanVolume(film, from: 0.2, seconds: 1.5) < -80, "silence before the shot with sound")
        #expect(
            try meanVolume(film, from: 2.2, seconds: 1.5) > -40, "its source's sound under the second shot")
    }

    @Test func musicDucksUnderALineAndSilenceIsNotBoosted() throws {
        let fixture = try FilmFixture(
            [Spec(source: "testsrc2", seconds: 5)], size: FrameSize(width: 160, height: 90))
        var plan = try fixture.plan()
        // A line that makes no sound of its own: whatever changes under it is the ducking.
        let line = try TestFiles.media(
            ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "1"], name: "line.wav")
        let music = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=220:duration=8"], name: "music.wav")
        // The music fades in over its first second and out over its last 1.25 s; the line is between.
        plan.segments[0].sounds = [
            PlacedSound(role: .dialogue, url: line, start: 1.6, sourceStart: 0, duration: 0.8, gain: 0)
        ]
        plan.music = FilmMusic(url: music, gain: -6, ducking: -12)
        let film = try export(plan)
        let open = try meanVolume(film, from: 1.05, seconds: 0.3)
        let ducked = try meanVolume(film, from: 1.85, seconds: 0.5)
        #expect(open - ducked > 10 && open - ducked < 14, "ducked by 12 dB: \(open) then \(ducked)")
        #expect(
            try meanVolume(film, from: 2.7, seconds: 0.9) > ducked + 10, "the music comes back after the line"
        )

        // Nothing but a silent line: the film keeps its silence rather than being boosted without end.
        plan.music = nil
        let silent = try export(plan)
        #expect(try MediaProbe.probe(silent).hasAudio)
        #expect(try meanVolume(silent, from: 0.2, seconds: 4.5) < -80)
    }

    @Test func aTakeWithSoundKeepsItAndTheVideoShotsSourceSoundStandsInWithout() throws {
        let fixture = try FilmFixture(
            [Spec(source: "testsrc2", seconds: 1)], size: FrameSize(width: 160, height: 90))
        let take = fixture.folder.appendingPathComponent("takes/s1/t1.mp4")
        try FilmFixture.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24", "-f", "lavfi", "-i", "sine=frequency=500",
            "-t", "1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            take.path,
        ])
        let plan = try fixture.plan()
        #expect(plan.segments[0].sounds.map(\.role) == [.take])
        #expect(plan.segments[0].sounds.first?.url.standardizedFileURL == take.standardizedFileURL)
        #expect(plan.hasSound)
    }

    @Test func burntSubtitlesAreDrawnOnlyWhileTheirLineIsSpoken() throws {
        let fixture = try FilmFixture(
            [Spec(source: "smptebars", seconds: 2)], size: FrameSize(width: 160, height: 90))
        var plan = try fixture.plan()
        plan.segments[0].cues = [SubtitleCue(start: 0.5, end: 1.5, speaker: "MIMI", text: "Hello there")]
        let plain = try frames(try export(plan), size: PixelSize(width: 160, height: 90))
        // A project whose path holds every character ffmpeg's filter graphs treat specially.
        let project = try TestFiles.folder().appendingPathComponent("a:b'c,[x];d\\e")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let output = project.appendingPathComponent("burnt.mp4")
        try FilmExporter(
            plan: plan, output: output, format: .mp4, burnsSubtitles: true,
            workFolder: try WorkFolder(in: project, purpose: "export")
        ).run()
        let burnt = try frames(output, size: PixelSize(width: 160, height: 90))
        #expect(plain.count == burnt.count)
        /// How far the lower third of frame `index` is from the film without subtitles.
        func difference(_ index: Int) -> Int {
            let start = 60 * 160 * 3
            return zip(plain[index].pixels[start...], burnt[index].pixels[start...]).reduce(0) {
                $0 + abs(Int($1.0) - Int($1.1))
            }
        }
        #expect(difference(24) > 20 * difference(3) + 1000, "the line is on screen at 1 s, not at 0.1 s")
        #expect(difference(45) < difference(24) / 10, "and gone after 1.5 s")
    }
}
