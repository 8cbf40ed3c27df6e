import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// What a plug-in hands over as a take must be a file it wrote in the project, never a link.
@Suite struct PluginOutputTests {
    @Test func aLinkToAVideoOutsideBecomesNoTake() throws {
        let (root, project) = try ScriptPlugin.project()
        defer { try? FileManager.default.removeItem(at: root) }
        // A video that would pass every check (size, length) if Kinora followed the link to it.
        let outside = root.appendingPathComponent("outside.mp4")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24",
            "-frames:v", "24", "-pix_fmt", "yuv420p", outside.path,
        ])
        let original = try Data(contentsOf: outside)
        let command = try ScriptPlugin.write(
            """
            \(ScriptPlugin.readRequest)
            ln -s "$1" "$output"
            printf '{"type":"result","output":"%s","frames":24}\\n' "$output"
            """, named: "linker.sh", in: root, arguments: [outside.path])
        try ScriptPlugin.configure(
            project.appendingPathComponent("backends.json"),
            backends: [["name": "linker", "kind": "plugin", "command": command, "timeout": 30]])

        let result = try CLI.run(["gen", project.path, "1", "--backend", "linker"])
        let said = result.stdout + result.stderr
        #expect(result.status == 1, "\(said)")
        #expect(said.contains("a link to \(outside.path)"), "\(said)")
        let take = try #require(try CLI.storyboard(project).shots.first?.takes.first)
        #expect(take.status == .failed && take.output == nil, "\(take)")
        let shotFolder = project.appendingPathComponent("takes/s1")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: shotFolder.path)) ?? []
        #expect(kept.isEmpty, "nothing of the take is kept: \(kept)")
        #expect(try Data(contentsOf: outside) == original, "the video outside is left alone")
        let listed = try CLI.run(["shot", "list", project.path])
        #expect(listed.status == 0, "the project still opens: \(listed.stderr)")
    }
}
