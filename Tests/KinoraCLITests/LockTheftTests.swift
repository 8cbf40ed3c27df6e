import Foundation
import KinoraCore
import KinoraMedia
import Testing

/// `git clean -fdX` deletes `.kinora.lock` (the project's .gitignore lists it) while `kinora gen` runs: a
/// second writer must still be kept out, and the take must still finish.
@Suite struct LockTheftTests {
    @Test func deletingTheLockDuringAGenLetsNoSecondWriterIn() throws {
        let folder = try CLI.project()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let image = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "still.png")
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let added = try CLI.run(["shot", "add", folder.path, "--prompt", "a still", "--image", image.path])
        #expect(added.status == 0, "\(added.stderr)")
        // A plug-in that takes eight seconds a take: time to delete the lock and try a second writer.
        let timed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/timed_plugin.py").path
        let python =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let log = folder.appendingPathComponent("cache/spans.txt")
        let backends = """
            {"backends": [{"name": "slow", "kind": "plugin", "timeout": 60,
              "command": ["\(python)", "\(timed)", "\(log.path)", "8"]}]}
            """
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))
        #expect(try CLI.run(["shot", "set", folder.path, "1", "notes=before the run"]).status == 0)

        let gen = try ChildProcess(arguments: [CLI.binary.path, "gen", folder.path, "1", "--backend", "slow"])
        gen.closeStandardInput()
        defer {
            if gen.ending == nil { gen.terminate() }
            _ = gen.wait()
        }
        for _ in 0..<500 where (try? CLI.storyboard(folder).shots[0].takes.first?.status) != .running {
            usleep(20_000)
        }
        try #require(try CLI.storyboard(folder).shots[0].takes.first?.status == .running)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(ProjectLayout.lockFile))

        let second = try CLI.run(["shot", "set", folder.path, "1", "label=x"])
        #expect(second.status == 1, "the second writer is refused: \(second.stderr)")
        #expect(second.stderr.contains("pid \(gen.processID)"), "names the holder: \(second.stderr)")
        #expect(gen.ending == nil, "the run goes on")

        var output: [String] = []
        while let line = try gen.readLine() { output.append(line) }
        #expect(gen.wait() == .exited(0), "\(output) \(gen.standardErrorTail)")
        let project = try CLI.storyboard(folder)
        let take = try #require(project.shots[0].takes.first)
        #expect(take.status == .done, "\(take.error ?? "")")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("takes/s1/t1.mp4").path))
        #expect(project.shots[0].notes == "before the run")
        #expect(project.shots[0].label == "1", "the refused edit was not made")

        // Now the edit goes in, and nothing of the run is lost.
        #expect(try CLI.run(["shot", "set", folder.path, "1", "label=x"]).status == 0)
        let after = try CLI.storyboard(folder)
        #expect(after.shots[0].label == "x" && after.shots[0].notes == "before the run")
        #expect(after.shots[0].takes.first?.status == .done)
    }
}
