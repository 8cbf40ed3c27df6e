import Foundation
import KinoraApp
import KinoraCore
import KinoraSound
import KinoraStudio
import KinoraTestSupport
import TermGrid
import Testing

/// Sound in the running studio: the animatic's sound is planned, mixed by the real ffmpeg and handed to
/// the output, its subtitles timed; stopping the animatic stops it; no device is said once.
@MainActor @Suite struct SoundAppTests {
    /// An output that keeps what it was given.
    final class RecordingOutput: AudioOutput, @unchecked Sendable {
        private let lock = NSLock()
        private var plays: [[Int16]] = []
        private var stopCount = 0
        private var finalGiven = false
        func play(_ samples: [Int16], final: Bool) {
            lock.withLock {
                plays.append(samples)
                finalGiven = final
            }
        }
        func append(_ samples: [Int16], final: Bool) {
            lock.withLock {
                plays[plays.count - 1] += samples
                finalGiven = final
            }
        }
        /// Whether the last samples of what plays were given.
        var ended: Bool { lock.withLock { finalGiven } }
        func stop() { lock.withLock { stopCount += 1 } }
        var played: [[Int16]] { lock.withLock { plays } }
        var stops: Int { lock.withLock { stopCount } }
    }

    /// A project of two 6 s slate shots (long enough that the sound, mixed on a busy machine, still has a part to play): dialogue on the first, a tone attached to the second.
    static func project() throws -> URL {
        let folder = try TestFiles.folder().appendingPathComponent("film")
        guard let fps = FrameRate(numerator: 12), let size = FrameSize(width: 160, height: 90) else {
            preconditionFailure("fixed values")
        }
        var project = Project(title: "Sound", fps: fps, size: size)
        for index in 0..<2 {
            var shot = Shot(
                id: ShotID(serial: 1), label: "\(index + 1)", prompt: "shot \(index + 1)", mode: .slate,
                duration: 6, seed: 7)
            if index == 0 { shot.dialogue = "MIMI: Hello there." }
            _ = project.addShot(shot)
        }
        let store = try ProjectStore.create(at: folder, project: project)
        let tone = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"], name: "tone.wav")
        let copy = try store.importAsset(tone, kind: .video)
        var withSound = store.project
        withSound.shots[1].sounds = [
            SoundClip(
                number: 1, kind: .effect,
                file: SoundFile(asset: copy.asset, sha256: copy.sha256, originalName: "tone.wav", duration: 1)
            )
        ]
        try store.save(withSound)
        store.close()
        return folder
    }

    static func runtime(_ folder: URL, audio: StudioAudio) async throws -> StudioRuntime {
        let runtime = try await StudioRuntime(
            store: StudioRuntime.open(folder), terminal: RecordingTerminal(),
            options: StudioOptions(
                theme: nil, pictures: .cells, cell: .init(width: 10, height: 20), insideTmux: false),
            theme: Theme.named("dark"), colorDepth: .trueColor, audio: audio)
        runtime.render()
        return runtime
    }

    @Test func theAnimaticsSoundStartsAndStopsWithIt() async throws {
        let output = RecordingOutput()
        let runtime = try await Self.runtime(try Self.project(), audio: .output(output))
        let shot1 = ShotID(serial: 1)
        runtime.press(.character("p"))
        #expect(runtime.settle(timeout: 120) { _ in !output.played.isEmpty })
        #expect(runtime.settle(timeout: 5) { $0.subtitles[shot1] != nil })
        let cues = runtime.studio.subtitles[shot1]?.cues ?? []
        #expect(cues.map(\.speaker) == ["MIMI"] && cues.map(\.text) == ["Hello there."])
        #expect(cues.first.map { $0.start == 0.25 && $0.end > 0.5 } == true)
        // The mix holds the tone of shot 2 (and the scratch line where espeak-ng is installed).
        // The first 8 s window, then the rest of the 12 s: the whole animatic but what was late (the
        // first window starts where the pictures are once it is mixed: on a busy machine, seconds in).
        let second = AudioPlayer.sampleRate * AudioPlayer.channels
        #expect(runtime.settle(timeout: 120) { _ in output.ended })
        let samples = output.played.last ?? []
        #expect(samples.count > 0 && samples.count <= 12 * second, "\(samples.count / second) s")
        // How late the sound starts depends on how busy the runner is (the mix itself is checked in
        // PlaybackTests); the tone at 6 s is in it unless it started later than that.
        if samples.count > 6 * second + second / 2 {
            #expect((samples.map { abs(Int($0)) }.max() ?? 0) > 1000)
        }

        let before = output.stops
        runtime.press(.escape)
        #expect(runtime.studio.animatic == nil)
        #expect(output.stops > before, "stopping the animatic stops its sound")
        await runtime.finish()
    }

    @Test func withoutADeviceThePicturesPlayAndItIsSaidOnce() async throws {
        let runtime = try await Self.runtime(try Self.project(), audio: .device("kinora_no_such_device"))
        runtime.press(.character("p"))
        #expect(
            runtime.settle(timeout: 120) { $0.status?.text.hasPrefix("Playing without sound") == true })
        #expect(runtime.studio.status?.text.contains("kinora_no_such_device") == true)
        #expect(runtime.studio.animatic != nil, "the pictures play on")
        runtime.press(.escape)
        runtime.press(.character("p"))
        // Played again: nothing new is said about the device.
        runtime.settle(timeout: 1.5) { _ in false }
        #expect(runtime.studio.animatic != nil)
        #expect(runtime.studio.status?.text.hasPrefix("Playing without sound") != true)
        await runtime.finish()
    }

    @Test func aSoundFileIsAttachedFromTheInspectorsSoundsRow() async throws {
        let folder = try Self.project()
        let runtime = try await Self.runtime(folder, audio: .output(RecordingOutput()))
        let tone = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=330:duration=0.5"], name: "line.wav")
        let notes = tone.deletingLastPathComponent().appendingPathComponent("notes.txt")
        try Data("not sound".utf8).write(to: notes)

        // Tab to the inspector, down to its last row (Sounds), Enter opens the picker.
        runtime.press(.tab)
        for _ in 0..<40 { runtime.press(.character("j")) }
        runtime.press(.enter)
        for character in notes.path { runtime.press(.character(character)) }
        runtime.press(.enter)
        #expect(
            runtime.settle(timeout: 60) { $0.status?.text.hasPrefix("Cannot attach notes.txt") == true },
            "\(runtime.studio.status?.text ?? "")")
        #expect(runtime.studio.project.shots[0].sounds == nil, "nothing is attached")

        runtime.press(.enter)
        for character in tone.path { runtime.press(.character(character)) }
        runtime.press(.enter)
        #expect(runtime.settle(timeout: 60) { $0.project.shots[0].sounds?.count == 1 })
        let clip = try #require(runtime.studio.project.shots[0].sounds?.first)
        // Shot 1 has dialogue and no recorded line: the file is its line, replacing the scratch voice.
        #expect(clip.kind == .dialogue && clip.number == 1 && clip.file.originalName == "line.wav")
        #expect(abs(clip.file.duration - 0.5) < 0.05)
        await runtime.finish()
        let saved = try ProjectStore(opening: folder, readOnly: true).project
        #expect(saved.shots[0].sounds == [clip])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(clip.file.asset).path))
    }
}
