import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraSound

/// Scratch voices: dialogue lines read back, spoken by the real espeak-ng, cached, and placed in a shot.
@Suite struct ScratchVoiceTests {
    @Test func dialogueLinesReadBackAsSpeakerAndWords() {
        let lines = DialogueLine.lines(
            in: "MIMI (V.O.) (CONT'D): (quietly) Hello there.\nSTEEL ^: Hi.\nNote: this is not a name.\nBO:\n"
        )
        #expect(lines.count == 3)
        #expect(
            lines[0] == DialogueLine(speaker: "MIMI", extensions: ["V.O.", "CONT'D"], spoken: "Hello there."))
        #expect(lines[0].isOffScreen)
        #expect(lines[1] == DialogueLine(speaker: "STEEL", isSimultaneous: true, spoken: "Hi."))
        #expect(lines[2] == DialogueLine(speaker: nil, spoken: "Note: this is not a name."))
        #expect(DialogueLine.lines(in: "McCLANE: Yippee.").first?.speaker == "McCLANE")
    }

    @Test func aLineIsSpokenInTheVoiceOfItsWritingSystem() {
        #expect(VoiceSettings.forLine("Ten minutes.", voice: nil).name == "en-us")
        #expect(
            VoiceSettings.forLine("十、九、八", voice: CastVoice(voice: "en-gb", pitch: 70))
                == VoiceSettings(name: "cmn", pitch: 70))
        #expect(
            VoiceSettings.forLine("Bonjour.", voice: CastVoice(voice: "fr", rate: 140))
                == VoiceSettings(name: "fr", rate: 140))
        #expect(VoiceSettings.forLine("Привет", voice: nil).name == "ru")
        #expect(VoiceSettings.forLine("こんにちは世界", voice: nil).name == "ja")
    }

    @Test func linesAreSpokenOnceCachedAndPlacedOneAfterAnother() throws {
        let folder = try TestFiles.folder()
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 160, height: 90) else { return }
        var project = Project(title: "T", fps: fps, size: size)
        project.cast.append(CastEntry(name: "Mimi", kind: .character))
        project.cast[0].voice = CastVoice(voice: "en-gb", pitch: 80, rate: 200)
        var shot = Shot(id: ShotID(serial: 1), label: "1", prompt: "", mode: .slate, duration: 2, seed: 1)
        shot.dialogue = "MIMI: Ten minutes. Everyone breathe.\nBO ^: Yes.\nMIMI: 倒计时开始。"
        project.shots = [shot]
        let cache = VoiceCache(project: folder)
        let plan = ShotSoundPlan.plan(
            for: shot, in: project, projectFolder: folder, takeSound: nil, length: 2, voices: cache)
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
        #expect(plan.sounds.count == 3 && plan.sounds.allSatisfy { $0.role == .scratch })
        #expect(plan.cues.map(\.text) == ["Ten minutes. Everyone breathe.", "Yes.", "倒计时开始。"])
        // The second line is spoken with the first; the third after both.
        #expect(plan.cues[1].start == plan.cues[0].start)
        #expect(
            abs(plan.cues[2].start - (max(plan.cues[0].end, plan.cues[1].end) + ShotSoundPlan.pause)) < 0.001)
        #expect(plan.cues[0].end - plan.cues[0].start > 1, "a real voice takes time to say five words")
        #expect(plan.speechEnd == plan.cues[2].end)
        let files = try FileManager.default.contentsOfDirectory(
            at: folder.appendingPathComponent(VoiceCache.folder), includingPropertiesForKeys: nil)
        #expect(files.count == 3)
        // The real file has speech in it, not silence.
        let data = try Data(contentsOf: plan.sounds[0].url)
        let loud = data.dropFirst(44).withUnsafeBytes { raw in
            raw.bindMemory(to: Int16.self).reduce(0) { max($0, abs(Int($1))) }
        }
        #expect(loud > 3000)
        // Asked again, the cache answers: the same files, untouched.
        let dates = try files.map {
            try $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
        }
        let again = ShotSoundPlan.plan(
            for: shot, in: project, projectFolder: folder, takeSound: nil, length: 2, voices: cache)
        #expect(again == plan)
        #expect(
            try files.map {
                try $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
            } == dates)
    }

    @Test func aRecordedLineReplacesTheScratchVoiceAndNoneIsSilent() throws {
        let folder = try TestFiles.folder()
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 160, height: 90) else { return }
        let project = Project(title: "T", fps: fps, size: size)
        var shot = Shot(id: ShotID(serial: 1), label: "1", prompt: "", mode: .slate, duration: 2, seed: 1)
        shot.dialogue = "MIMI: Hello."
        let file = SoundFile(
            asset: "assets/" + String(repeating: "a", count: 64) + ".wav",
            sha256: String(repeating: "a", count: 64), originalName: "hello.wav", duration: 1.5)
        shot.sounds = [SoundClip(number: 1, kind: .dialogue, file: file, offset: 0.5, gain: -3)]
        let recorded = ShotSoundPlan.plan(
            for: shot, in: project, projectFolder: folder, takeSound: nil, length: 2, voices: nil)
        #expect(recorded.sounds.map(\.role) == [.dialogue])
        #expect(recorded.sounds.first?.start == 0.5 && recorded.sounds.first?.gain == -3)
        #expect(recorded.cues.count == 1, "the line is still subtitled")
        #expect(recorded.cues.first?.start == 0.5 && recorded.cues.first?.end == 2, "over the recording")
        shot.sound = ShotSound.none
        let silent = ShotSoundPlan.plan(
            for: shot, in: project, projectFolder: folder, takeSound: (folder, 0), length: 2, voices: nil)
        #expect(silent.sounds.isEmpty)
    }
}
