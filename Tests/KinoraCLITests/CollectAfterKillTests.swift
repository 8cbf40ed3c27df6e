import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// A take whose prompt is running on a ComfyUI server when `kinora gen` is killed is collected from the
/// server by the next `kinora gen`: the server sees the prompt once, and no GPU time is thrown away.
@Suite struct CollectAfterKillTests {
    /// Polls `condition` every 50 ms for up to `seconds`; `true` as soon as it holds.
    private func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    /// A new 160x96, 12 fps project.
    private func tinyProject() throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        try CLI.succeed(["new", folder.path, "--size", "160x96", "--fps", "12"])
        return folder
    }

    @Test func aKilledGenLeavesItsPromptOnTheServerAndTheNextGenCollectsIt() throws {
        // Slow steps: the prompt runs for several seconds, long enough to kill Kinora in the middle.
        // The server holds the prompt (a busy GPU) until the test lets it run.
        let server = try FakeEngineServer("fake_comfyui.py", ["--hold", "--jobs-api"])
        let folder = try tinyProject()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try CLI.succeed([
            "shot", "add", folder.path, "--prompt", "a lighthouse at dusk", "--mode", "text-to-video",
            "--duration", "1", "--seed", "7",
        ])
        let backends = #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "\#(server.base)"}]}"#
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))

        let first = try ChildProcess(arguments: [
            CLI.binary.path, "gen", folder.path, "1", "--backend", "gpu",
        ])
        first.closeStandardInput()
        let queued = try eventually(within: 240) { !((try server.state()["queued"] as? [Any]) ?? []).isEmpty }
        #expect(queued, "the prompt reached the server")
        let recorded = try CLI.storyboard(folder).shots[0].takes.first?.remoteJob
        #expect(recorded != nil, "the take records its prompt before it leaves")
        kill(first.processID, SIGKILL)
        #expect(first.wait() == .signaled(SIGKILL))
        try server.post("/kinora-test/release")

        // Read-only, the take shows as interrupted and says it will be collected.
        let listed = try CLI.run(["takes", folder.path, "1"])
        #expect(listed.stdout.contains("interrupted"), "\(listed.stdout)")

        let second = try CLI.run(["gen", folder.path, "1", "--backend", "gpu"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("collecting its job from \(server.base)"), "\(second.stderr)")
        #expect(second.stdout.contains("s1 t1 seed 7 done (collected)"), "\(second.stdout)")
        let take = try #require(try CLI.storyboard(folder).shots[0].takes.first)
        #expect(take.status == .done && take.remoteJob?.id == recorded?.id)
        #expect(try CLI.storyboard(folder).shots[0].takes.count == 1, "no second take was made")
        let output = folder.appendingPathComponent(try #require(take.output))
        #expect(try MediaProbe.probe(output).video?.frameCount == 12)
        let state = try server.state()
        #expect((state["prompts"] as? [Any])?.count == 1, "the server saw the prompt once")
        #expect(((state["jobs_cancels"] as? [Any]) ?? []).isEmpty, "nothing was cancelled")
    }

    @Test func aPromptTheServerForgotLeavesTheTakeInterruptedWithWhatToDo() throws {
        let folder = try tinyProject()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let server = try FakeEngineServer("fake_comfyui.py")
        try CLI.succeed([
            "shot", "add", folder.path, "--prompt", "a door", "--mode", "text-to-video", "--duration", "1",
            "--seed", "3",
        ])
        let backends = #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "\#(server.base)"}]}"#
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))
        // A take left running with a prompt this server never saw (it restarted and forgot it).
        let made = try CLI.run(["gen", folder.path, "1", "--backend", "gpu"])
        #expect(made.status == 0, "\(made.stderr)")
        var project = try CLI.storyboard(folder)
        project.shots[0].takes[0].status = .running
        project.shots[0].takes[0].output = nil
        project.shots[0].takes[0].remoteJob = RemoteJob(
            id: "00000000-0000-4000-8000-000000000000", endpoint: server.base, submittedAt: Date())
        try StoryboardCodec.encode(project).write(
            to: folder.appendingPathComponent(ProjectLayout.storyboardFile))
        let again = try CLI.run(["gen", folder.path, "1", "--backend", "gpu", "--seed", "4"])
        #expect(again.status == 0, "\(again.stderr)")
        let take = try #require(try CLI.storyboard(folder).shots[0].takes.first)
        #expect(take.status == .interrupted && take.remoteJob == nil)
        #expect(take.error?.contains("is no longer known at \(server.base)") == true, "\(take.error ?? "")")
        #expect(take.error?.contains("kinora regen") == true)
    }
}
