import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// `shot set DIR SHOT image=FILE` gives an existing shot (one a script made, say) its source picture.
@Suite struct ShotImageKeyTests {
    @Test func aPictureBecomesTheSourceAndAnEmptyValueMakesASlateAgain() throws {
        let folder = try CLI.project(shots: 1)
        let still = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "color=c=blue:size=64x36", "-frames:v", "1"], name: "still.png")
        try CLI.succeed(["shot", "set", folder.path, "1", "image=\(still.path)"])
        var shot = try #require(try CLI.storyboard(folder).shots.first)
        #expect(shot.mode == .imageToVideo && shot.source?.originalName == "still.png")
        #expect(shot.source.map { $0.asset.hasPrefix("assets/") } == true)

        let text = still.deletingLastPathComponent().appendingPathComponent("notes.txt")
        try Data("not a picture".utf8).write(to: text)
        let refused = try CLI.run(["shot", "set", folder.path, "1", "image=\(text.path)"])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(
            refused.stderr.contains("image: \(text.path) is not a picture (it does not read as an image)"),
            "\(refused.stderr)")

        try CLI.succeed(["shot", "set", folder.path, "1", "image="])
        shot = try #require(try CLI.storyboard(folder).shots.first)
        #expect(shot.mode == .slate && shot.source == nil)
    }
}
