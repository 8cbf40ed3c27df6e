import Foundation
import KinoraApp
import KinoraCore
import KinoraStudio
import KinoraTestSupport
import Testing

/// Quitting the studio while a take runs on a ComfyUI server leaves the prompt running there; opening the
/// studio again collects its output, and the server sees the prompt once.
@MainActor
@Suite struct RemoteTakeAppTests {
    @Test func quittingLeavesTheRemotePromptRunningAndTheNextOpenCollectsIt() async throws {
        // The server holds the prompt (a busy GPU) until the test lets it run.
        let server = try FakeEngineServer("fake_comfyui.py", ["--hold", "--jobs-api"])
        let folder = try TestFiles.folder().appendingPathComponent("film")
        guard let fps = FrameRate(numerator: 12), let size = FrameSize(width: 160, height: 96) else {
            preconditionFailure("fixed values")
        }
        var project = Project(title: "Remote", fps: fps, size: size)
        var shot = Shot(
            id: ShotID(serial: 1), label: "1", prompt: "a lighthouse", mode: .textToVideo, duration: 1,
            seed: 7)
        shot.backend = "gpu"
        _ = project.addShot(shot)
        try ProjectStore.create(at: folder, project: project).close()
        let backends = #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "\#(server.base)"}]}"#
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))

        let first = try await AppFixture(existing: folder)
        first.press("n")
        // The studio keeps running while it waits (a busy runner may take a while to get the prompt out).
        let queued = first.settle(240) { _ in !(((try? server.state())?["queued"] as? [Any]) ?? []).isEmpty }
        #expect(queued, "the prompt is on the server")
        await first.runtime.finish()
        let left = try #require(try first.saved().shots[0].takes.first)
        #expect(left.status == .interrupted && left.remoteJob != nil, "\(left.status) \(left.error ?? "")")
        #expect(left.error?.contains("collects it from there") == true, "\(left.error ?? "")")
        let quit = try server.state()
        #expect(
            ((quit["jobs_cancels"] as? [Any]) ?? []).isEmpty && ((quit["interrupts"] as? [Any]) ?? []).isEmpty
        )

        try server.post("/kinora-test/release")
        let second = try await AppFixture(existing: folder)
        let done = second.settle(120) { $0.project.shots[0].takes.first?.status == .done }
        #expect(done, "the take was collected")
        await second.runtime.finish()
        let take = try #require(try second.saved().shots[0].takes.first)
        #expect(take.status == .done && take.output != nil)
        #expect(try second.saved().shots[0].takes.count == 1)
        #expect((try server.state()["prompts"] as? [Any])?.count == 1, "the server saw the prompt once")
    }
}
