import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// Every command, pressed through its key in the default keymap: the state and effects that follow.
/// The switch is exhaustive, so a new command cannot be added without a test here.
@Suite("Every studio command, keys in, state and effects out")
struct CommandTests {
    /// Presses the first key bound to `command` in the pane that binds it (focusing that pane first).
    static func run(_ command: Command, on studio: inout Studio) -> [StudioEffect] {
        let keymap = studio.keymap
        for pane in Pane.allCases {
            if let key = keymap.keys(for: command, in: pane.context).first {
                studio.focus = pane
                return studio.update(.key(key))
            }
        }
        guard let key = keymap.keys(for: command, in: .global).first else {
            Issue.record("\(command.rawValue) has no key")
            return []
        }
        return studio.update(.key(key))
    }

    /// Whether `effect` asks for sound to play.
    static func isPlaySound(_ effect: StudioEffect) -> Bool {
        if case .playSound = effect { true } else { false }
    }

    @Test("each command does what it says", arguments: Command.allCases)
    func command(_ command: Command) throws {
        var studio = StudioFixture.studio()
        let before = studio.project
        switch command {
        case .quit:
            #expect(Self.run(command, on: &studio) == [.quit])
            _ = studio.update(
                .jobChanged(
                    JobRow(
                        id: .take(shot: ShotID(serial: 1), take: TakeID(serial: 3)), label: "s1 t3",
                        state: .running)))
            #expect(Self.run(command, on: &studio).isEmpty)
            #expect(studio.mode == .confirmQuit)
            #expect(studio.press("y") == [.quit])
        case .help:
            _ = Self.run(command, on: &studio)
            #expect(studio.mode == .help(scroll: 0))
            studio.press("j")
            #expect(studio.mode == .help(scroll: 1))
            studio.press("esc")
            #expect(studio.mode == .normal)
        case .palette:
            _ = Self.run(command, on: &studio)
            guard case .palette = studio.mode else { throw Failure("palette not open") }
            studio.type("shot.add")
            let effects = studio.press("enter")
            #expect(studio.project.shots.count == 4)
            #expect(Studio.saves(effects).count == 1)
        case .suspend:
            #expect(Self.run(command, on: &studio) == [.suspend])
        case .undo, .redo:
            studio.press("x")
            #expect(studio.project.shots.count == 2)
            let undone = studio.press("u")
            #expect(studio.project == before)
            #expect(Studio.saves(undone) == [before])
            let redone = studio.press("ctrl-r")
            #expect(studio.project.shots.count == 2)
            #expect(Studio.saves(redone).count == 1)
        case .focusNext:
            _ = Self.run(command, on: &studio)
            #expect(studio.focus == .inspector)
        case .focusPrevious:
            studio.focus = .shots
            studio.press("shift-tab")
            #expect(studio.focus == .jobs)
        case .cancel:
            studio.press("space")
            #expect(studio.preview.playing)
            #expect(studio.press("esc") == [.ticking(false), .stopSound])
            #expect(!studio.preview.playing)
        case .redraw:
            for key in studio.picturesPending {
                _ = studio.update(.pictureLoaded(key, FrameStrip(fps: 1, frames: [])))
            }
            let effects = Self.run(command, on: &studio)
            #expect(effects.first == .redraw)
            #expect(
                effects.contains { if case .loadPicture = $0 { true } else { false } },
                "pictures are read again")
        case .shotNext, .shotPrevious, .shotFirst, .shotLast:
            studio.focus = .shots
            studio.press("j", "j")
            #expect(studio.selection == 2)
            studio.press("k")
            #expect(studio.selection == 1)
            studio.press("G")
            #expect(studio.selection == 2)
            studio.press("g")
            #expect(studio.selection == 0)
            studio.press("down", "down", "down", "down")
            #expect(studio.selection == 2)
        case .shotPageDown, .shotPageUp:
            studio = StudioFixture.studio(shots: 40)
            studio.press("pagedown")
            #expect(studio.selection == Layout(studio.size).visibleCards)
            #expect(studio.scroll > 0)
            studio.press("pageup")
            #expect(studio.selection == 0 && studio.scroll == 0)
        case .shotAdd:
            let effects = Self.run(command, on: &studio)
            #expect(studio.project.shots.count == 4)
            #expect(studio.selection == 1)
            #expect(studio.project.shots[1].id == ShotID(serial: 4))
            #expect(Studio.saves(effects) == [studio.project])
        case .shotDuplicate:
            _ = Self.run(command, on: &studio)
            #expect(studio.project.shots.count == 4)
            #expect(studio.project.shots[1].prompt == before.shots[0].prompt)
            #expect(studio.project.shots[1].takes.isEmpty)
            #expect(studio.selection == 1)
        case .shotDelete:
            let effects = Self.run(command, on: &studio)
            #expect(studio.project.shots.map(\.id) == before.shots.dropFirst().map(\.id))
            #expect(Studio.saves(effects).count == 1)
        case .shotMoveDown, .shotMoveUp:
            studio.press("J")
            #expect(studio.project.shots.map(\.id.rawValue) == ["s2", "s1", "s3"])
            #expect(studio.selection == 1)
            studio.press("K")
            #expect(studio.project.shots.map(\.id.rawValue) == ["s1", "s2", "s3"])
            #expect(studio.selection == 0)
        case .fieldNext, .fieldPrevious:
            studio.focus = .inspector
            studio.press("j")
            #expect(studio.field == .negativePrompt)
            studio.press("k", "k")
            #expect(studio.field == .label)
        case .fieldEdit:
            studio.focus = .inspector
            studio.field = .label
            studio.press("enter", "ctrl-u")
            studio.type("1A")
            let effects = studio.press("enter")
            #expect(studio.project.shots[0].label == "1A")
            #expect(Studio.saves(effects).count == 1)
            #expect(studio.mode == .normal)
        case .fieldIncrease, .fieldDecrease:
            studio.focus = .inspector
            studio.field = .motion
            studio.press("l")
            #expect(studio.project.shots[0].settings.motion != before.shots[0].settings.motion)
            studio.press("h")
            #expect(studio.project.shots[0].settings.motion == before.shots[0].settings.motion)
            studio.field = .duration
            studio.press("l")
            #expect(studio.project.shots[0].duration == 4.5)
        case .seedReroll:
            let effects = Self.run(command, on: &studio)
            #expect(studio.project.shots[0].seed != before.shots[0].seed)
            #expect(studio.project.shots[0].seed < 1 << 32)
            #expect(Studio.saves(effects).count == 1)
            studio.press("j", "j")
            #expect(Self.run(command, on: &studio).isEmpty)
            #expect(studio.status?.kind == .error)
        case .seedLock:
            _ = Self.run(command, on: &studio)
            #expect(studio.project.shots[0].seedLocked)
        case .sourceImport:
            let effects = Self.run(command, on: &studio)
            #expect(effects == [.listDirectory("")])
            _ = studio.update(
                .directoryListed(
                    path: "",
                    entries: [
                        .init(name: "street.png", isDirectory: false), .init(name: "refs", isDirectory: true),
                    ]))
            studio.type("str")
            let chosen = studio.press("enter")
            #expect(chosen == [.importSource(shot: ShotID(serial: 1), path: "street.png")])
        case .sourceClear:
            let source = ShotSource(
                kind: .image, asset: "assets/abc.png", sha256: "abc", originalName: "a.png")
            studio.project.shots[0].source = source
            studio.project.shots[0].mode = .imageToVideo
            studio.focus = .inspector
            let effects = studio.press("backspace")
            #expect(studio.project.shots[0].source == nil)
            #expect(studio.project.shots[0].mode == .slate)
            #expect(Studio.saves(effects).count == 1)
        case .takeGenerate:
            #expect(Self.run(command, on: &studio) == [.generate(shot: ShotID(serial: 1), seeds: [1000])])
        case .takeVariations:
            #expect(
                Self.run(command, on: &studio) == [
                    .generate(shot: ShotID(serial: 1), seeds: [1000, 1001, 1002, 1003])
                ])
        case .shotToggleContinue:
            #expect(Self.run(command, on: &studio).isEmpty, "the first shot has nothing to continue")
            #expect(studio.status?.text.contains("first shot") == true && studio.status?.kind == .error)
            studio.press("j")
            let effects = Self.run(command, on: &studio)
            #expect(
                studio.project.shots[1].continuation == .previous
                    && studio.project.shots[1].mode == .imageToVideo)
            #expect(Studio.saves(effects) == [studio.project])
            _ = Self.run(command, on: &studio)
            #expect(studio.project.shots[1].continuation == nil && studio.project.shots[1].mode == .slate)
        case .takeExtend:
            #expect(
                Self.run(command, on: &studio) == [
                    .extend(shot: ShotID(serial: 1), take: TakeID(serial: 1), seconds: 4)
                ])
            studio.press("j")
            #expect(Self.run(command, on: &studio).isEmpty, "shot 2's only take failed")
            #expect(studio.status?.kind == .error)
        case .takeRemakeStale:
            #expect(Self.run(command, on: &studio).isEmpty)
            #expect(studio.status?.text.contains("Nothing is stale") == true && studio.staleRemake == nil)
        case .takeNext, .takePrevious:
            studio.press("]")
            #expect(studio.displayedTake(of: studio.project.shots[0])?.id == TakeID(serial: 2))
            studio.press("[")
            #expect(studio.displayedTake(of: studio.project.shots[0])?.id == TakeID(serial: 1))
        case .takeChoose:
            studio.press("]")
            let effects = studio.press("c")
            #expect(studio.project.shots[0].chosenTake == TakeID(serial: 2))
            #expect(Studio.saves(effects).count == 1)
            studio.press("j")
            #expect(studio.press("c").isEmpty)
            #expect(studio.status?.kind == .error)
        case .compareToggle, .compareMode:
            studio.press("]", "b")
            #expect(studio.preview.compareWith == TakeID(serial: 1))
            studio.press("B")
            #expect(studio.preview.compareMode == .wipe)
            studio.press("b")
            #expect(studio.preview.compareWith == nil)
        case .wipeLeft, .wipeRight:
            studio.focus = .preview
            studio.press("alt-h")
            #expect(studio.preview.wipe < 0.5)
            studio.press("alt-l", "alt-l")
            #expect(studio.preview.wipe > 0.5)
        case .trimIn, .trimOut, .trimClear:
            studio.focus = .preview
            studio.press("L")
            studio.press("{")
            #expect(studio.project.shots[0].trim?.inPoint == 1)
            studio.press("L", "L", "}")
            #expect(studio.project.shots[0].trim?.outPoint == 3)
            _ = studio.update(.command(.trimClear))
            #expect(studio.project.shots[0].trim == nil)
        case .transitionCycle:
            _ = Self.run(command, on: &studio)
            #expect(studio.project.shots[0].transition == .dissolve(frames: 12))
            _ = Self.run(command, on: &studio)
            #expect(studio.project.shots[0].transition == .fade(frames: 12))
        case .previewPlay:
            let effects = Self.run(command, on: &studio)
            #expect(effects.first == .ticking(true) && effects.contains { Self.isPlaySound($0) })
            _ = studio.update(.tick(0.5))
            #expect(studio.preview.time == 0.5)
            _ = studio.update(.tick(4))
            #expect(studio.preview.time < 4, "loops")
        case .previewLoop:
            _ = Self.run(command, on: &studio)
            #expect(!studio.preview.loop)
            studio.press("space")
            #expect(studio.update(.tick(10)).contains(.ticking(false)))
            #expect(!studio.preview.playing)
        case .previewStepForward, .previewStepBack:
            studio.press(".", ".", ".")
            #expect(abs(studio.preview.time - 3.0 / 24) < 1e-9)
            studio.press(",")
            #expect(abs(studio.preview.time - 2.0 / 24) < 1e-9)
        case .previewScrubForward, .previewScrubBack:
            studio.press(">", ">")
            #expect(studio.preview.time == 2)
            studio.press("<")
            #expect(studio.preview.time == 1)
        case .animaticPlay:
            let effects = Self.run(command, on: &studio)
            #expect(effects.first == .ticking(true) && effects.contains { Self.isPlaySound($0) })
            _ = studio.update(.tick(4.5))
            #expect(studio.selection == 1)
            _ = studio.update(.tick(8))
            #expect(studio.animatic == nil)
        case .subtitlesToggle:
            _ = Self.run(command, on: &studio)
            #expect(!studio.subtitlesOn)
            _ = Self.run(command, on: &studio)
            #expect(studio.subtitlesOn)
        case .jobNext, .jobPrevious, .jobCancel:
            let (third, fourth) = (
                JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: 3)),
                JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: 4))
            )
            _ = studio.update(.jobChanged(JobRow(id: third, label: "s1 t3", state: .running)))
            _ = studio.update(.jobChanged(JobRow(id: fourth, label: "s1 t4", state: .waiting)))
            studio.focus = .jobs
            studio.press("j")
            #expect(studio.jobSelection == 1)
            #expect(studio.press("x") == [.cancelJob(fourth)])
            studio.press("k")
            #expect(studio.press("x") == [.cancelJob(third)])
        case .exportOpen:
            _ = Self.run(command, on: &studio)
            guard case .export = studio.mode else { throw Failure("export dialog not open") }
            studio.press("right")
            let effects = studio.press("enter")
            #expect(
                effects == [
                    .export(
                        ExportRequest(format: .mov, output: "exports/Night-Market.mov", missing: .slate))
                ])
        case .castOpen:
            _ = Self.run(command, on: &studio)
            guard case .cast = studio.mode else { throw Failure("cast overlay not open") }
            studio.press("esc")
            #expect(studio.mode == .normal)
        case .takeNote:
            _ = Self.run(command, on: &studio)
            guard case .note = studio.mode else { throw Failure("note editor not open") }
            studio.type("too dark")
            #expect(Studio.saves(studio.press("enter")).count == 1)
            #expect(studio.project.shots[0].takes[0].reviewNotes.map(\.text) == ["too dark"])
        case .takeCircle, .takeReject:
            let effects = Self.run(command, on: &studio)
            #expect(Studio.saves(effects).count == 1)
            #expect(
                studio.project.shots[0].takes[0].verdict == (command == .takeCircle ? .circled : .rejected))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
