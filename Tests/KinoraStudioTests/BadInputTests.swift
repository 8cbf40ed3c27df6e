import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

@Suite("The studio with bad input")
struct StudioBadInputTests {
    @Test("prompts full of escapes, tabs, zero-width and wide characters never reach the screen raw")
    func hostilePrompts() {
        var studio = StudioFixture.studio()
        studio.project.shots[0].prompt =
            "\u{1B}]0;pwned\u{07}\u{1B}[2J\t中文\u{200B}e\u{301}\u{202E}evil\u{9B}31m"
        studio.project.shots[0].label = "\u{1B}[31mred"
        for size in [ScreenSize(rows: 24, columns: 80), ScreenSize(rows: 48, columns: 160)] {
            _ = studio.update(.resized(size))
            let grid = StudioView.render(studio).grid
            for cell in grid.cells {
                #expect(
                    !cell.text.unicodeScalars.contains {
                        $0.value < 0x20 || (0x7F..<0xA0).contains($0.value)
                            || (0x202A...0x202E).contains($0.value)
                    })
            }
            #expect(grid.plainText.contains("^[]0;pwned"))
            #expect(grid.plainText.contains("中文"))
            // Wide characters take exactly their two cells: a wide cell is always followed by its
            // continuation, and a continuation always follows a wide cell.
            for row in 0..<grid.height {
                for column in 0..<grid.width {
                    if grid[row, column].width == 2 {
                        #expect(column + 1 < grid.width && grid[row, column + 1].isContinuation)
                    }
                    if grid[row, column].isContinuation {
                        #expect(column > 0 && grid[row, column - 1].width == 2)
                    }
                }
            }
        }
        // Editing it keeps every character.
        studio.focus = .inspector
        studio.field = .prompt
        studio.press("enter")
        studio.type("!")
        let effects = studio.press("enter")
        #expect(Studio.saves(effects).first?.shots[0].prompt.hasPrefix("\u{1B}]0;pwned") == true)
    }

    @Test("a storyboard of 0 shots: every command is safe")
    func noShots() {
        var studio = StudioFixture.studio(shots: 0)
        for command in Command.allCases
        where ![.quit, .suspend, .palette, .help, .exportOpen, .redraw].contains(command) {
            _ = studio.update(.command(command))
            studio.mode = .normal
        }
        _ = StudioView.render(studio)
        #expect(studio.project.shots.count == 1, "only shot.add added something")
    }

    @Test("a storyboard of 5000 shots draws and scrolls to the end")
    func manyShots() {
        var studio = StudioFixture.studio(shots: 5000)
        studio.press("G")
        #expect(studio.selection == 4999)
        let text = StudioView.render(studio).grid.plainText
        #expect(text.contains("5000/5000"))
        // The selected shot shows on the timeline though each shot is narrower than a column.
        let screen = StudioView.render(studio).grid
        let strip = Layout.body(of: Layout(studio.size).timeline).row
        #expect((0..<screen.width).contains { screen[strip, $0].style.attributes.contains(.reverse) })
        #expect(text.contains("5000"))
        studio.press("g")
        #expect(studio.selection == 0 && studio.scroll == 0)
    }

    @Test("a take whose file vanished shows as missing and is not asked for again")
    func vanishedTake() {
        var studio = StudioFixture.studio()
        let requested = studio.picturesPending
        #expect(!requested.isEmpty)
        for key in requested {
            _ = studio.update(.pictureFailed(key, "the file is missing"))
        }
        let text = StudioView.render(studio).grid.plainText
        #expect(text.contains("missing"))
        #expect(
            studio.update(.key(.character("j"))).allSatisfy {
                if case .loadPicture(let key) = $0 { key.path != "takes/s1/t1.mp4" } else { true }
            })
    }

    @Test("a failing backend: the status line says why, the job row and the take are marked failed")
    func backendFails() {
        var studio = StudioFixture.studio()
        let job = JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: 3))
        _ = studio.update(
            .jobChanged(JobRow(id: job, label: "s1 t3 seed 1000", state: .running, progress: 0.5)))
        var failed = StudioFixture.take(3, seed: 1000, status: .failed, project: studio.project)
        failed.error = "ComfyUI at http://gpu:8188 refused the connection"
        _ = studio.update(.takeChanged(TakeChange(shot: ShotID(serial: 1), take: failed)))
        _ = studio.update(
            .jobChanged(JobRow(id: job, label: "s1 t3 seed 1000", state: .failed("refused the connection"))))
        #expect(studio.status?.kind == .error)
        #expect(studio.status?.text.contains("refused the connection") == true)
        #expect(studio.project.shots[0].takes.last?.status == .failed)
        let text = StudioView.render(studio).grid.plainText
        #expect(text.contains("✕"))
    }

    @Test("a bad value typed in a field is refused, explained, and kept for fixing")
    func badField() {
        var studio = StudioFixture.studio()
        studio.focus = .inspector
        studio.field = .duration
        studio.press("enter", "ctrl-u")
        studio.type("soon")
        let effects = studio.press("enter")
        #expect(effects.isEmpty)
        #expect(studio.status?.kind == .error)
        #expect(studio.status?.text.contains("duration") == true)
        guard case .editing = studio.mode else {
            Issue.record("the editor stays open")
            return
        }
        #expect(studio.project == StudioFixture.project())
    }

    @Test("takes finishing while the person edits keep both: edits from the studio, takes from disk")
    func mergeTakes() {
        var studio = StudioFixture.studio()
        studio.focus = .inspector
        studio.field = .label
        studio.press("enter", "ctrl-u")
        studio.type("1A")
        studio.press("enter")
        var take = StudioFixture.take(3, seed: 1000, status: .done, project: StudioFixture.project())
        take.output = "takes/s1/t3.mp4"
        _ = studio.update(.takeChanged(TakeChange(shot: ShotID(serial: 1), take: take)))
        #expect(studio.project.shots[0].label == "1A")
        #expect(studio.project.shots[0].takes.count == 3)
        #expect(studio.project.shots[0].nextTakeNumber == 4)
    }
}

@Suite struct FailedSaveTests {
    @Test("a save that fails takes the change back from the screen; redo makes it again")
    func failedSave() {
        var studio = StudioFixture.studio()
        let onDisk = studio.project
        let effects = studio.press("a")
        #expect(Studio.saves(effects).count == 1)
        #expect(studio.project.shots.count == 4)
        _ = studio.update(.saveFailed("No space left on device (storyboard.json).", saved: onDisk))
        #expect(studio.project.shots == onDisk.shots, "the shot that is not on disk is not on screen either")
        #expect(studio.status?.kind == .error)
        #expect(studio.status?.text.contains("No space left") == true)
        #expect(studio.status?.text.contains("ctrl-r") == true)
        let again = studio.press("ctrl-r")
        #expect(Studio.saves(again).first?.shots.count == 4)
        // A second failure for the same state adds nothing more to redo.
        _ = studio.update(.saveFailed("still full", saved: onDisk))
        _ = studio.update(.saveFailed("still full", saved: onDisk))
        #expect(studio.project.shots == onDisk.shots)
        #expect(Studio.saves(studio.press("ctrl-r")).first?.shots.count == 4)
    }
}
