import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// `kinora shot add` names what a source file holds when it cannot be the shot's source.
@Suite struct SourceKindTests {
    /// An audio-only `.m4a` has no picture for either option: both say so, in the same words, and
    /// nothing is changed or imported.
    @Test func anAudioFileHasNoPictureForImageOrVideo() throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let film = folder.appendingPathComponent("film")
        try #require(try CLI.run(["new", film.path]).status == 0)
        let audio = folder.appendingPathComponent("voice over.m4a")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
            "-c:a", "aac", audio.path,
        ])
        let before = try CLI.storyboardBytes(film)
        let expected =
            "\(audio.path) has no picture (only audio): give a still image with --image or a video with --video"
        for option in ["--image", "--video"] {
            let result = try CLI.run(["shot", "add", film.path, "--prompt", "x", option, audio.path])
            #expect(result.status == 1, "\(option): exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(option): \(result.stderr)")
            for wrong in ["give it with --video", "give a still with --image"] {
                #expect(!result.stderr.contains(wrong), "\(option): \(result.stderr)")
            }
        }
        #expect(try CLI.storyboardBytes(film) == before, "the storyboard must be intact")
        let assets = film.appendingPathComponent(ProjectLayout.assetsFolder).path
        #expect((try? FileManager.default.contentsOfDirectory(atPath: assets)) ?? [] == [])
    }
}
