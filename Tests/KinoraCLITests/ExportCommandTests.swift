import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// `kinora export` on a project made and generated through the CLI, as a person would.
@Suite struct ExportCommandTests {
    /// A project of three slate shots (one second each) with finished takes.
    private func generatedProject() throws -> URL {
        let folder = try CLI.project(shots: 3)
        for index in 1...3 {
            let set = try CLI.run(["shot", "set", folder.path, "\(index)", "duration=1"])
            #expect(set.status == 0, "\(set.stderr)")
        }
        _ = try CLI.run(["shot", "set", folder.path, "1", "transition=dissolve:6"])
        let made = try CLI.run(["gen", folder.path])
        #expect(made.status == 0, "\(made.stderr)")
        return folder
    }

    @Test func theFilmAndItsTimelinesAreWrittenFromTheCommandLine() throws {
        let folder = try generatedProject()
        let out = try TestFiles.folder()
        let film = out.appendingPathComponent("film.mp4")
        let result = try CLI.run(["export", folder.path, "-o", film.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("film.mp4"))
        let info = try MediaProbe.probe(film)
        // Three 24-frame shots less the 6-frame dissolve: 66 frames.
        #expect(abs((info.duration ?? 0) - 66.0 / 24) <= 1.0 / 24 + 0.001, "\(info.duration ?? 0)")
        let size = try CLI.storyboard(folder).size
        #expect(info.video?.width == size.width && info.video?.height == size.height)
    }

    @Test func badRequestsAreRefusedClearly() throws {
        let folder = try generatedProject()
        let out = try TestFiles.folder()
        let unknown = try CLI.run(["export", folder.path, "-o", out.appendingPathComponent("film.avi").path])
        #expect(unknown.status == 1 && unknown.stderr.contains("avi") && unknown.stderr.contains("mp4, mov"))
        let nowhere = try CLI.run(["export", folder.path, "-o", "/no/such/folder/film.mp4"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("/no/such/folder"), "\(nowhere.stderr)")
        let empty = try CLI.project(shots: 0)
        let none = try CLI.run(["export", empty.path, "-o", out.appendingPathComponent("e.mp4").path])
        #expect(none.status == 1 && none.stderr.contains("no shots"), "\(none.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("takes/s2/t1.mp4"))
        let stop = try CLI.run([
            "export", folder.path, "-o", out.appendingPathComponent("s.mp4").path, "--missing", "stop",
        ])
        #expect(stop.status == 1 && stop.stderr.contains("s2"), "\(stop.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("s.mp4").path))
        let slate = try CLI.run(["export", folder.path, "-o", out.appendingPathComponent("s.mp4").path])
        #expect(
            slate.status == 0 && slate.stderr.contains("s2") && slate.stderr.contains("slate"),
            "\(slate.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(left == ["s.mp4"], "no partial files: \(left)")
    }

    @Test func everyDocumentFormatIsWrittenByItsExtension() throws {
        let folder = try generatedProject()
        let out = try TestFiles.folder()
        for format in ["otio", "edl", "xml", "mlt", "png", "csv", "md"] {
            let file = out.appendingPathComponent("film.\(format)")
            let result = try CLI.run(["export", folder.path, "-o", file.path])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            #expect(size > 100, "\(format) written: \(size) bytes")
        }
        let named = out.appendingPathComponent("timeline.txt")
        let forced = try CLI.run(["export", folder.path, "-o", named.path, "--format", "edl"])
        let text = try String(contentsOf: named, encoding: .utf8)
        #expect(forced.status == 0 && text.hasPrefix("TITLE:"), "\(forced.stderr)")
    }
}
