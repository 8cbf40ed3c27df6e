import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// The studio's side of first and last frames, framing and text-to-video: the end picture's field and
/// file picker, the framing rectangle moved with the keys, and a take that says it is only a slate.
@Suite struct FramesStudioTests {
    /// A studio whose first shot is an image-to-video shot with a source picture, the inspector focused.
    private func imageStudio() -> Studio {
        var studio = StudioFixture.studio(rows: 30, columns: 100)
        studio.project.shots[0].source = ShotSource(
            kind: .image, asset: "assets/abc.png", sha256: String(repeating: "a", count: 64),
            originalName: "portrait.png")
        studio.project.shots[0].mode = .imageToVideo
        studio.focus = .inspector
        return studio
    }

    @Test func theEndPictureFieldImportsThroughThePickerAndAnEmptyLineRemovesIt() throws {
        var studio = imageStudio()
        studio.field = .endImage
        #expect(studio.press("enter") == [.listDirectory("")])
        guard case .picker(let picker) = studio.mode else {
            Issue.record("Enter on the end picture opens the file picker")
            return
        }
        #expect(picker.endPicture)
        _ = studio.update(
            .directoryListed(path: "", entries: [.init(name: "sunset.png", isDirectory: false)]))
        studio.type("sun")
        #expect(studio.press("enter") == [.importEndImage(shot: ShotID(serial: 1), path: "sunset.png")])

        let end = ShotSource(
            kind: .image, asset: "assets/def.png", sha256: String(repeating: "d", count: 64),
            originalName: "sunset.png")
        let saved = Studio.saves(studio.update(.endImageImported(shot: ShotID(serial: 1), source: end)))
        #expect(saved.first?.shots[0].endImage == end, "\(String(describing: studio.status))")
        #expect(studio.project.shots[0].endImage == end)
        let screen = StudioView.render(studio).grid.plainText
        #expect(screen.contains("End pic") && screen.contains("sunset.png"), "\(screen)")

        // Enter on an empty path removes it, as `end-image=` does.
        studio.press("enter")
        let removed = Studio.saves(studio.press("enter"))
        #expect(removed.first?.shots[0].endImage == nil && studio.project.shots[0].endImage == nil)

        // A slate has no picture to start on: the field says so instead of opening the picker.
        studio.project.shots[0].mode = .slate
        #expect(studio.press("enter").isEmpty)
        #expect(studio.status?.kind == .error && studio.status?.text.contains("image-to-video") == true)
    }

    @Test func theFramingRectangleMovesWithTheKeysAndIsSavedOnEnter() throws {
        var studio = imageStudio()
        studio.field = .framing
        let asked = studio.press("l")
        guard case .framing(let start) = studio.mode else {
            Issue.record("h/l on the framing field shows the rectangle")
            return
        }
        #expect(start.framing == Framing(x: 0.5, y: 0.5, zoom: 1, basis: .person))
        // The source is asked for whole, to draw the rectangle over.
        #expect(
            asked.contains {
                if case .loadPicture(let key) = $0 { key.path == "assets/abc.png" } else { false }
            })
        let key = try #require(
            asked.compactMap { if case .loadPicture(let key) = $0 { key } else { nil } }.first)
        let cell = Cell("█")
        _ = studio.update(
            .pictureLoaded(
                key,
                FrameStrip(
                    fps: 1,
                    frames: [
                        CellPicture(
                            columns: key.columns, rows: key.rows,
                            cells: Array(repeating: cell, count: key.columns * key.rows))
                    ],
                    aspect: 0.75)))
        let screen = StudioView.render(studio).grid.plainText
        #expect(screen.contains("Framing") && screen.contains("┌") && screen.contains("┘"), "\(screen)")

        studio.press("k", "k", "K", "+", "+", "h")
        guard case .framing(let moved) = studio.mode else {
            Issue.record("the rectangle stays up while it is moved")
            return
        }
        #expect(moved.framing.text == "0.48,0.36,1.2")
        let saved = Studio.saves(studio.press("enter"))
        #expect(saved.first?.shots[0].framing == Framing(x: 0.48, y: 0.36, zoom: 1.2, basis: .person))
        #expect(studio.mode == .normal)

        // Esc leaves it as it was; a goes back to automatic.
        studio.press("l", "j", "escape")
        #expect(studio.project.shots[0].framing?.text == "0.48,0.36,1.2")
        studio.press("l", "a")
        #expect(studio.project.shots[0].framing == nil)

        // Typed in the inspector, a value out of range is refused with the rule.
        studio.press("enter")
        studio.type("1.5,0.5,1")
        #expect(studio.press("enter").isEmpty)
        #expect(studio.status?.text.contains("framing") == true && studio.status?.kind == .error)
    }

    @Test func aTakeThatIsOnlyASlateSaysSoInTheStatusLineAndThePreview() throws {
        var studio = StudioFixture.studio(rows: 30, columns: 100)
        var take = studio.project.shots[0].takes[0]
        take.warning = "the built-in engine cannot read prompts: this take is a slate"
        take.framing = nil
        var running = take
        running.status = .running
        let shot = studio.project.shots[0].id
        _ = studio.update(.takeChanged(TakeChange(shot: shot, take: running)))
        _ = studio.update(.takeChanged(TakeChange(shot: shot, take: take)))
        #expect(studio.status?.text.contains("cannot read prompts") == true)
        let screen = StudioView.render(studio).grid.plainText
        #expect(screen.contains("⚠ the built-in engine"), "\(screen)")
    }
}
