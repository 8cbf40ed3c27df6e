import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// Sound in the studio: what the app is asked to play and when, the subtitle line, its toggle, and the
/// inspector's Sound and Sounds rows.
@Suite struct SoundStudioTests {
    static let dialogue = "MIMI: Hello there.\nSTEEL: Hi.\u{1B}[31m"

    /// A studio whose first shot has two lines of dialogue, on a screen big enough to read.
    static func studio() -> Studio {
        var project = StudioFixture.project()
        project.shots[0].dialogue = dialogue
        var studio = Studio(
            project: project, folderName: "night-market", size: ScreenSize(rows: 40, columns: 120))
        _ = studio.update(.resized(studio.size))
        return studio
    }

    static func cues() -> ShotSubtitles {
        ShotSubtitles(
            shot: ShotID(serial: 1), dialogue: dialogue,
            cues: [
                SubtitleCue(start: 0.25, end: 1.5, speaker: "MIMI", text: "Hello there."),
                SubtitleCue(start: 1.75, end: 2.5, speaker: "STEEL", text: "Hi.\u{1B}[31m"),
            ])
    }

    static func requests(_ effects: [StudioEffect]) -> [SoundRequest] {
        effects.compactMap { if case .playSound(let request) = $0 { request } else { nil } }
    }

    static func screen(_ studio: Studio) -> String { StudioView.render(studio).grid.plainText }

    /// The preview's transport line (under the picture), where the subtitle shows.
    static func transport(_ studio: Studio) -> String? {
        screen(studio).split(separator: "\n").first { $0.contains("▶") || $0.contains("❚❚") }.map(String.init)
    }

    @Test func theAnimaticPlaysSoundAndShowsTheLineBeingSpoken() throws {
        var studio = Self.studio()
        let started = studio.press("p")
        let request = try #require(Self.requests(started).first)
        #expect(request.from == 0 && request.withMusic)
        #expect(request.spans.map(\.shot) == studio.project.shots.map(\.id))
        #expect(request.spans.first?.take == TakeID(serial: 1))
        #expect(request.spans.map(\.start) == [0, 4, 8])

        // No line before the app has timed the dialogue, then the one being spoken.
        #expect(studio.subtitleLine == nil)
        _ = studio.update(.subtitlesTimed(Self.cues()))
        let ticking = studio.update(.tick(0.5))
        #expect(Self.requests(ticking).isEmpty, "playing on does not restart the sound")
        #expect(studio.subtitleLine == "MIMI: Hello there.")
        #expect(Self.transport(studio)?.contains("MIMI: Hello there.") == true)
        _ = studio.update(.tick(0.25))
        _ = studio.update(.tick(0.25))
        _ = studio.update(.tick(0.25))
        _ = studio.update(.tick(0.25))
        _ = studio.update(.tick(0.25))
        #expect(studio.subtitleLine?.hasPrefix("STEEL: Hi.") == true)
        let text = Self.screen(studio)
        #expect(Self.transport(studio)?.contains("STEEL: Hi.") == true)
        #expect(!text.contains("\u{1B}"), "the line is made safe for the terminal")

        // v hides the line and shows it again, and the animatic plays on.
        studio.press("v")
        #expect(studio.subtitleLine == nil && studio.animatic != nil && !studio.subtitlesOn)
        #expect(Self.transport(studio)?.contains("STEEL") == false)
        #expect(studio.status?.text == "Subtitles off")
        studio.press("v")
        #expect(studio.subtitleLine != nil)

        // A changed line is not shown with the old times.
        var edited = studio
        edited.project.shots[0].dialogue = "MIMI: Something else."
        #expect(edited.subtitleLine == nil)

        // Pausing stops the sound, playing again starts it where the pictures are, Esc stops it.
        #expect(studio.press("space").contains(.stopSound))
        let resumed = try #require(Self.requests(studio.press("space")).first)
        #expect(abs(resumed.from - 1.75) < 0.001)
        #expect(studio.press("esc").contains(.stopSound))
        #expect(studio.subtitleLine == nil)
    }

    @Test func aTakePlaysItsSoundAndASeekStartsItAgain() throws {
        var studio = Self.studio()
        _ = studio.update(.subtitlesTimed(Self.cues()))
        let started = try #require(Self.requests(studio.press("space")).first)
        #expect(!started.withMusic && started.from == 0)
        #expect(
            started.spans == [
                SoundRequest.Span(
                    shot: ShotID(serial: 1), take: TakeID(serial: 1), start: 0, length: 4, inPoint: 0)
            ])
        _ = studio.update(.tick(0.5))
        #expect(studio.subtitleLine == "MIMI: Hello there.")
        let seek = try #require(Self.requests(studio.press(">")).first)
        #expect(abs(seek.from - 1.5) < 0.001)
        #expect(studio.press("space").contains(.stopSound))
        #expect(studio.subtitleLine == nil, "a stopped take shows no subtitle")
    }

    @Test func theInspectorShowsAndChangesTheShotsSound() throws {
        var studio = Self.studio()
        let file = SoundFile(
            asset: "assets/" + String(repeating: "a", count: 64) + ".wav",
            sha256: String(repeating: "a", count: 64), originalName: "line.wav", duration: 2)
        studio.project.shots[0].sounds = [
            SoundClip(number: 1, kind: .dialogue, file: file, offset: 0.5, gain: -3)
        ]
        studio.focus = .inspector
        studio.field = .sound
        let row = Self.screen(studio).split(separator: "\n").first { $0.contains(" Sound ") }
        #expect(row?.contains("auto") == true)
        let saved = Studio.saves(studio.press("l"))
        #expect(saved.last?.shots[0].sound == .take)
        #expect(studio.status?.text.hasPrefix("Sound: take") == true)
        _ = studio.press("h", "h")
        #expect(studio.project.shots[0].sound == ShotSound.none)

        studio.field = .sounds
        #expect(Self.screen(studio).contains("1 dialogue line.wav @0.5s -3dB"))
        // Enter opens the file picker; the chosen file is imported to be attached.
        #expect(studio.press("enter") == [.listDirectory("")])
        #expect(Self.screen(studio).contains("Attach a sound"))
        studio.type("boom.wav")
        #expect(studio.press("enter") == [.importSound(shot: ShotID(serial: 1), path: "boom.wav")])
        let boom = SoundFile(
            asset: "assets/" + String(repeating: "b", count: 64) + ".wav",
            sha256: String(repeating: "b", count: 64), originalName: "boom.wav", duration: 1)
        let attached = Studio.saves(studio.update(.soundImported(shot: ShotID(serial: 1), file: boom)))
        let clips = try #require(attached.last?.shots[0].sounds)
        // The shot has dialogue: the new clip is dialogue (as `sound add` without --kind), numbered next.
        #expect(clips.map(\.number) == [1, 2] && clips[1].kind == .dialogue && clips[1].offset == 0)
        #expect(Self.screen(studio).contains("2 dialogue boom.wav @0s 0dB"))
        // Without dialogue, an effect.
        studio.project.shots[0].dialogue = ""
        let effect = Studio.saves(studio.update(.soundImported(shot: ShotID(serial: 1), file: boom)))
        #expect(effect.last?.shots[0].sounds?.last?.kind == .effect)

        // The key is in the keymap (and so in the help and the palette).
        #expect(Keymap.standard.command(for: .character("v"), in: .shots) == .subtitlesToggle)
    }
}

/// A character's scratch voice set in the cast overlay's form.
@Suite struct CastVoiceStudioTests {
    @Test func theCastFormSetsACharactersVoice() throws {
        var studio = SoundStudioTests.studio()
        studio.press("@", "a")
        studio.type("Mimi")
        studio.press("tab", "tab", "tab")
        studio.type("en-gb pitch=70 rate=500")
        #expect(SoundStudioTests.screen(studio).contains("Voice"))
        // A rate out of range is refused naming it; the form stays open on the voice.
        #expect(Studio.saves(studio.press("enter")).isEmpty)
        #expect(studio.status?.text == "Voice: rate must be from 80 to 450 words a minute (found 500)")
        var row: CastForm.Row?
        if case .cast(let overlay) = studio.mode { row = overlay.form?.row }
        #expect(row == .voice)
        studio.press("backspace", "backspace", "backspace")
        studio.type("200")
        let saved = Studio.saves(studio.press("enter"))
        let mimi = try #require(saved.last?.cast.first)
        #expect(mimi.name == "Mimi" && mimi.voice == CastVoice(voice: "en-gb", pitch: 70, rate: 200))
        // Editing shows it as typed; emptying it goes back to the default voice.
        studio.press("enter")
        #expect(SoundStudioTests.screen(studio).contains("en-gb pitch=70 rate=200"))
        studio.press("tab", "tab", "tab")
        for _ in 0..<30 { studio.press("backspace") }
        #expect(Studio.saves(studio.press("enter")).last?.cast.first?.voice == nil)
        #expect(
            CastForm.voice(from: "en+f3 !").map { _ in "" }
                == .failure(
                    CastVoiceError(
                        text:
                            "\"!\" must be a voice name such as en-us, en-gb, fr or cmn (espeak-ng --voices lists them)"
                    )))
    }
}
