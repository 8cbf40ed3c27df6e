import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// A folder Kinora writes into that is a link to somewhere else: refused by name, nothing written there,
/// and the project still opens afterwards.
@Suite struct SymlinkedFolderTests {
    /// A project of two slate shots and an empty folder outside it, both in the test's own temporary
    /// folder, with `link` (a folder in the project) replaced by a link to the outside folder.
    private func project(linking link: String) throws -> (root: URL, project: URL, outside: URL) {
        let project = try CLI.project(shots: 2)
        let root = project.deletingLastPathComponent()
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let place = project.appendingPathComponent(link)
        try FileManager.default.createDirectory(
            at: place.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: place)
        try FileManager.default.createSymbolicLink(at: place, withDestinationURL: outside)
        return (root, project, outside)
    }

    /// Runs `gen` on shot 2 and checks the refusal: it names the link and where it leads, the take is
    /// recorded as failed without a file, nothing appeared outside, and the project still opens.
    private func expectRefusal(linking link: String) throws {
        let (root, project, outside) = try project(linking: link)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run(["gen", project.path, "2"])
        let said = result.stdout + result.stderr
        #expect(result.status == 1, "\(said)")
        #expect(said.contains("\(link) is a link to \(outside.path)"), "\(said)")
        #expect(said.contains("replace it with a folder"), "\(said)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == [])
        let take = try #require(try CLI.storyboard(project).shots[1].takes.first)
        #expect(take.status == .failed && take.output == nil)
        let listed = try CLI.run(["shot", "list", project.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let takes = try CLI.run(["takes", project.path, "2"])
        #expect(takes.status == 0 && takes.stdout.contains("failed"), "\(takes.stdout)\(takes.stderr)")
    }

    @Test func aLinkedTakesFolderIsRefused() throws {
        try expectRefusal(linking: "takes")
    }

    @Test func aLinkedShotFolderIsRefused() throws {
        try expectRefusal(linking: "takes/s2")
    }

    @Test func aLinkedAssetsFolderRefusesAnImport() throws {
        let (root, project, outside) = try project(linking: "assets")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = root.appendingPathComponent("picture.png")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x36",
            "-frames:v", "1", image.path,
        ])
        let before = try CLI.storyboardBytes(project)
        let result = try CLI.run(["shot", "add", project.path, "--prompt", "p", "--image", image.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("assets is a link to \(outside.path)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == [])
        #expect(try CLI.storyboardBytes(project) == before)
        #expect(try CLI.run(["shot", "list", project.path]).status == 0)
    }

    @Test func aLinkedPictureIsImportedAsACopy() throws {
        let project = try CLI.project(shots: 0)
        let root = project.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        let image = root.appendingPathComponent("picture.png")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x36",
            "-frames:v", "1", image.path,
        ])
        let link = root.appendingPathComponent("linked.png")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: image)
        let added = try CLI.run(["shot", "add", project.path, "--prompt", "p", "--image", link.path])
        #expect(added.status == 0, "\(added.stderr)")
        let asset = try #require(try CLI.storyboard(project).shots.first?.source?.asset)
        #expect(ProjectPath.entry(at: project.appendingPathComponent(asset)) == .file)
        #expect(try Data(contentsOf: project.appendingPathComponent(asset)) == Data(contentsOf: image))
        #expect(try CLI.run(["shot", "list", project.path]).status == 0, "the project still opens")
    }
}
