import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// The cast reaches a plug-in through the real binary: a prompt's `@Name`s arrive as references with
/// their pictures inside the project, and a changed reference picture is a changed request.
@Suite struct CastPluginTests {
    @Test func aRecordingPlugInReceivesThePicturesOfTheNamesInThePrompt() throws {
        let (root, project) = try ScriptPlugin.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let mimi = root.appendingPathComponent("mimi.png")
        let kitchen = root.appendingPathComponent("kitchen.png")
        for (file, colour) in [(mimi, "gray"), (kitchen, "yellow")] {
            try TestFiles.run([
                "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "color=c=\(colour):size=64x64",
                "-frames:v", "1", file.path,
            ])
        }
        for arguments in [
            ["Mimi", "--kind", "character", "--image", mimi.path, "--description", "a grey cat"],
            ["Kitchen", "--kind", "location", "--image", kitchen.path, "--description", "a yellow kitchen"],
        ] {
            let added = try CLI.run(["cast", "add", project.path] + arguments)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let set = try CLI.run(["shot", "set", project.path, "1", "prompt=@Mimi naps in @Kitchen"])
        #expect(set.status == 0, "\(set.stderr)")

        // Saves its request and fails, so the test reads exactly what Kinora sent.
        let saved = root.appendingPathComponent("request.json")
        let command = try ScriptPlugin.write(
            "head -n 1 > \"$1\"\necho '{\"type\":\"error\",\"message\":\"recorded\"}'", named: "recorder.sh",
            in: root, arguments: [saved.path])
        try ScriptPlugin.configure(
            project.appendingPathComponent("backends.json"),
            backends: [["name": "rec", "kind": "plugin", "command": command, "timeout": 30, "protocol": 2]])
        _ = try CLI.run(["gen", project.path, "1", "--backend", "rec"])
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: saved)) as? [String: Any])
        #expect(request["prompt"] as? String == "a grey cat naps in a yellow kitchen")
        let references = try #require(request["references"] as? [[String: Any]])
        #expect(references.map { $0["name"] as? String } == ["Mimi", "Kitchen"])
        let storyboard = try CLI.storyboard(project)
        let pictures = storyboard.cast.map { project.appendingPathComponent($0.images[0].asset).path }
        #expect(references.compactMap { ($0["images"] as? [String])?.first } == pictures)
        for picture in pictures {
            #expect(picture.hasPrefix(project.path + "/assets/"), "imported into the project: \(picture)")
        }
        let recorded = try #require(storyboard.shots.first?.takes.last?.request.references)
        #expect(recorded.map(\.imageHashes) == storyboard.cast.map { [$0.images[0].sha256] })

        // The built-in engine cannot use them, and says so before it starts.
        let builtin = try CLI.run(["gen", project.path, "1", "--backend", "builtin"])
        #expect(builtin.status == 0, "\(builtin.stderr)")
        #expect(
            builtin.stderr.contains(
                "cannot use cast references; it makes s1 (@Mimi, @Kitchen) from its own picture"),
            "\(builtin.stderr)")
    }
}
