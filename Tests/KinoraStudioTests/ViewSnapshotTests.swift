import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// The studio's screens as plain text, compared with the files in `Snapshots/`. Run with
/// `KINORA_RECORD_SNAPSHOTS=1 swift test --filter ViewSnapshotTests` to write them again, then review
/// the diff.
@Suite("Studio screens at 80x24 and 160x48")
struct ViewSnapshotTests {
    static let sizes = [(24, 80), (48, 160)]

    /// Compares the screen of `studio` with `Snapshots/<name>-<columns>x<rows>.txt`.
    func check(_ studio: Studio, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = StudioView.render(studio).grid.plainText + "\n"
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/\(name)-\(studio.size.columns)x\(studio.size.rows).txt")
        if ProcessInfo.processInfo.environment["KINORA_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "no snapshot \(file.lastPathComponent): record it with KINORA_RECORD_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        #expect(
            text == expected, "screen \(name) differs from \(file.lastPathComponent):\n\(text)",
            sourceLocation: sourceLocation)
    }

    /// A studio with a picture loaded for every picture on screen (a flat grey block per cell), so
    /// pictures are drawn as they would be.
    static func withPictures(_ start: Studio) -> Studio {
        var studio = start
        for (key, _) in studio.picturesOnScreen() {
            let cells = Array(
                repeating: Cell(
                    "▀", style: CellStyle(foreground: .rgb(90, 90, 90), background: .rgb(20, 20, 20))),
                count: key.columns * key.rows)
            let picture = CellPicture(columns: key.columns, rows: key.rows, cells: cells)
            _ = studio.update(
                .pictureLoaded(key, FrameStrip(fps: 24, frames: Array(repeating: picture, count: 96))))
        }
        return studio
    }

    @Test("the storyboard, preview, inspector, timeline and jobs", arguments: sizes)
    func main(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(shots: 12, rows: rows, columns: columns)
        for row in [
            JobRow(
                id: .take(shot: ShotID(serial: 2), take: TakeID(serial: 2)), label: "s2 t2 seed 1001",
                state: .running, progress: 0.4),
            JobRow(
                id: .take(shot: ShotID(serial: 3), take: TakeID(serial: 1)), label: "s3 t1 seed 1002",
                state: .waiting),
        ] {
            _ = studio.update(.jobChanged(row))
        }
        try check(Self.withPictures(studio), "main")
    }

    @Test("typing a Chinese prompt with a newline in the inspector", arguments: sizes)
    func editing(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(rows: rows, columns: columns)
        studio.press("tab", "enter", "ctrl-u")
        studio.type("夜市的灯笼在雨中摇曳，行人撑着伞走过湿漉漉的石板路")
        studio.press("ctrl-j")
        studio.type("slow push-in")
        try check(studio, "editing")
        let screen = StudioView.render(studio)
        #expect(screen.cursor != nil, "the cursor shows while typing")
    }

    @Test("the help screen", arguments: sizes)
    func help(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(rows: rows, columns: columns)
        studio.press("?")
        try check(studio, "help")
    }

    @Test("the command palette filtering", arguments: sizes)
    func palette(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(rows: rows, columns: columns)
        studio.press(":")
        studio.type("gen")
        try check(studio, "palette")
    }

    @Test("the export dialog", arguments: sizes)
    func export(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(rows: rows, columns: columns)
        studio.press("e")
        try check(studio, "export")
    }

    @Test("the cast overlay: entries, the highlighted one's picture and details", arguments: sizes)
    func cast(rows: Int, columns: Int) throws {
        var studio = StudioFixture.studio(rows: rows, columns: columns)
        let hash = String(repeating: "5e1f", count: 16)
        let picture = ShotSource(
            kind: .image, asset: "assets/\(hash).png", sha256: hash, originalName: "mimi.png")
        studio.project.cast = [
            CastEntry(name: "Mimi", kind: .character, description: "a small grey cat", images: [picture]),
            CastEntry(name: "Kitchen", kind: .location, description: "a narrow night kitchen, one lamp"),
            CastEntry(name: "Lantern", kind: .prop),
        ]
        studio.project.shots[0].prompt = "@Mimi sleeps in the @Kitchen"
        studio.press("@")
        try check(Self.withPictures(studio), "cast")
    }

    @Test("an empty storyboard", arguments: sizes)
    func empty(rows: Int, columns: Int) throws {
        try check(StudioFixture.studio(shots: 0, rows: rows, columns: columns), "empty")
    }

    @Test("a window smaller than 80x24 gets a clear screen, never a crash")
    func tooSmall() throws {
        for (rows, columns) in [(20, 60), (24, 79), (1, 1), (0, 0)] {
            var studio = StudioFixture.studio(rows: rows, columns: columns)
            let screen = StudioView.render(studio)
            if rows > 3 && columns > 40 {
                #expect(screen.grid.plainText.contains("at least 80x24"))
            }
            #expect(studio.press("j", "a").isEmpty, "keys other than quit do nothing")
            #expect(studio.press("q") == [.quit])
        }
        try check(StudioFixture.studio(rows: 20, columns: 60), "too-small")
    }
}
