import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A Replicate backend defined in the user's config, its token in `KINORA_TOKEN_<NAME>`, used through the
/// real `kinora gen` against the fake Replicate API (KinoraGenerateTests/Fixtures/fake_replicate.py).
@Suite struct ReplicateCommandTests {
    /// A 320x180, 12 fps project of one image-to-video shot, and a user config defining `rep` (the fake's
    /// model at `port`); returns the project and the `env` wrapper that runs `kinora` with that config, the
    /// token in `KINORA_TOKEN_REP` and a log file.
    private func project(port: Int, token: String) throws -> (folder: URL, environment: [String], log: URL) {
        let root = try CLI.temporaryFolder()
        let folder = root.appendingPathComponent("film")
        try CLI.succeed(["new", folder.path, "--title", "Film", "--size", "320x180", "--fps", "12"])
        let image = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "first.png")
        try CLI.succeed([
            "shot", "add", folder.path, "--prompt", "a rocket lifts off", "--image", image.path, "--duration",
            "1",
        ])
        let config = root.appendingPathComponent("config")
        try FileManager.default.createDirectory(
            at: config.appendingPathComponent("kinora"), withIntermediateDirectories: true)
        try """
        {"backends": [{"name": "rep", "kind": "replicate", "url": "http://127.0.0.1:\(port)",
          "model": "kinora-test/video-model", "timeout": 120,
          "inputs": {"prompt": "prompt", "image": "image", "seed": "seed", "duration": "duration"}}]}
        """.write(
            to: config.appendingPathComponent("kinora/config.json"), atomically: true, encoding: .utf8)
        let log = root.appendingPathComponent("kinora.log")
        let environment = [
            "env", "XDG_CONFIG_HOME=\(config.path)", "KINORA_TOKEN_REP=\(token)", "KINORA_LOG=\(log.path)",
        ]
        return (folder, environment, log)
    }

    @Test func genMakesATakeOnReplicateWithTheTokenFromTheEnvironmentAndNeverWritesIt() async throws {
        let server = try FakeEngineServer("fake_replicate.py")
        let token = "r8_cli-\(UUID().uuidString)"
        let (folder, environment, log) = try project(port: server.port, token: token)

        let listed = try CLI.run(["backends", folder.path], wrapper: environment)
        #expect(listed.status == 0 && listed.stdout.contains("rep") && listed.stdout.contains("replicate"))
        #expect(
            listed.stdout.contains("http://127.0.0.1:\(server.port) (kinora-test/video-model)")
                && listed.stdout.contains("from KINORA_TOKEN_REP"), "\(listed.stdout)")
        let made = try CLI.run(
            ["gen", folder.path, "1", "--backend", "rep", "--seed", "9"], wrapper: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let take = try #require(try CLI.storyboard(folder).shots.first?.takes.first)
        #expect(take.status == .done && take.request.backend == "rep")
        #expect(take.request.engineVersion == "replicate:kinora-test/video-model")
        let video = folder.appendingPathComponent(try #require(take.output))
        let info = try MediaProbe.probe(video)
        #expect(info.video?.width == 320 && info.video?.height == 180 && info.video?.frameCount == 12)

        let state = try server.state()
        #expect((state["creates"] as? [Any])?.count == 1)
        let bodies = try String(
            contentsOf: folder.appendingPathComponent(ProjectLayout.storyboardFile), encoding: .utf8)
        let logged = try String(contentsOf: log, encoding: .utf8)
        for text in [bodies, logged, made.stdout, made.stderr, listed.stdout, listed.stderr] {
            #expect(!text.contains(token), "the token never reaches the project, the log or the screen")
        }
        #expect(logged.contains("backend request"), "the requests were logged (without the token)")
        #expect(
            (state["api_auth"] as? [Any])?.allSatisfy { $0 as? String == "Bearer \(token)" } == true,
            "every API request carried the token")
    }
}
