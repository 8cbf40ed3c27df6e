import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kinora gen` on a RunPod serverless endpoint defined in the user's config, against the fake endpoint
/// (Tests/KinoraGenerateTests/Fixtures/fake_runpod.py), with the API key from `KINORA_TOKEN_<NAME>`.
@Suite struct RunPodGenTests {
    @Test func genMakesTheTakeOnTheEndpointAndTheKeyIsNeverShownNorLogged() async throws {
        let key = "rp-key-\(UUID().uuidString)"
        let server = try RunPodServer(["--token", key])
        let (folder, environment) = try Self.project(server: server)
        let log = folder.deletingLastPathComponent().appendingPathComponent("kinora.log")

        let keyless = try CLI.run(["gen", folder.path, "1", "--backend", "cloud"], wrapper: environment)
        #expect(keyless.status != 0 && keyless.stderr.contains("KINORA_TOKEN_CLOUD"), "\(keyless.stderr)")
        #expect(try await server.state()["run_calls"]?.number == 0, "nothing is sent without a key")

        let made = try CLI.run(
            ["gen", folder.path, "1", "--backend", "cloud"],
            wrapper: environment + ["KINORA_TOKEN_CLOUD=\(key)"])
        #expect(made.status == 0, "\(made.stderr)")
        let project = try CLI.storyboard(folder)
        let take = try #require(project.shots.first?.takes.last)
        #expect(take.status == .done && take.worker == server.display, "\(take.status) \(take.worker ?? "")")
        let video = try #require(take.output)
        let info = try MediaProbe.probe(folder.appendingPathComponent(video))
        #expect(info.video?.width == 160 && info.video?.height == 90 && info.video?.frameCount == 12)
        let state = try await server.state()
        #expect(state["run_calls"]?.number == 1)
        #expect(state["authorization"]?.array?.last?.string == "Bearer \(key)")

        let listed = try CLI.run(
            ["backends", folder.path], wrapper: environment + ["KINORA_TOKEN_CLOUD=\(key)"])
        let row = listed.stdout.split(separator: "\n").first { $0.hasPrefix("cloud") } ?? ""
        #expect(row.contains("runpod") && row.contains(server.display), "\(listed.stdout)")
        #expect(row.contains("from KINORA_TOKEN_CLOUD"), "\(listed.stdout)")

        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("backend request") && logged.contains("/v2/kinora-test"))
        for text in [logged, keyless.stdout, keyless.stderr, made.stdout, made.stderr, listed.stdout] {
            #expect(!text.contains(key), "the key never shows")
        }
        let stored = try String(contentsOf: folder.appendingPathComponent("storyboard.json"), encoding: .utf8)
        #expect(!stored.contains(key))
    }

    @Test func aKilledGenLeavesItsJobOnRunPodAndTheNextGenCollectsIt() async throws {
        let key = "rp-key-\(UUID().uuidString)"
        let server = try RunPodServer(["--token", key, "--scenario", "cold-start", "--queue-polls", "100000"])
        let (folder, environment) = try Self.project(server: server)
        let wrapper = environment + ["KINORA_TOKEN_CLOUD=\(key)"]
        let child = try ChildProcess(
            arguments: wrapper + [CLI.binary.path, "gen", folder.path, "1", "--backend", "cloud"])
        defer { child.terminate() }
        child.closeStandardInput()
        var recorded: RemoteJob?
        for _ in 0..<1500 where recorded == nil {
            try await Task.sleep(for: .milliseconds(20))
            recorded = (try? CLI.storyboard(folder))?.shots.first?.takes.first?.remoteJob
        }
        let remote = try #require(recorded, "the job is recorded in the storyboard while it waits on RunPod")
        #expect(remote.endpoint == server.display)
        kill(child.processID, SIGKILL)
        #expect(child.wait() == .signaled(SIGKILL))

        try await server.post("/kinora-test/release")
        let again = try CLI.run(["gen", folder.path, "1", "--backend", "cloud"], wrapper: wrapper)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("collecting its job"), "\(again.stderr)")
        let takes = try CLI.storyboard(folder).shots.first?.takes ?? []
        #expect(takes.count == 1 && takes.first?.status == .done, "\(takes.map(\.status))")
        let state = try await server.state()
        #expect(state["run_calls"]?.number == 1, "RunPod saw the job once")
        #expect(state["cancels"]?.array?.isEmpty == true, "the killed run cancelled nothing")
    }

    /// A 160x90 project with one image-to-video shot, and the user config (in a folder of its own)
    /// defining the runpod backend `cloud` at `server`; returns the folder and the `env` wrapper.
    static func project(server: RunPodServer) throws -> (URL, [String]) {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        try CLI.succeed(["new", folder.path, "--size", "160x90", "--fps", "12"])
        let still = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=160x90", "-frames:v", "1"], name: "still.png")
        try CLI.succeed([
            "shot", "add", folder.path, "--prompt", "a boat at dawn", "--image", still.path, "--duration",
            "1",
            "--seed", "3",
        ])
        let config = folder.deletingLastPathComponent().appendingPathComponent("config")
        try FileManager.default.createDirectory(
            at: config.appendingPathComponent("kinora"), withIntermediateDirectories: true)
        try """
        {"backends": [{"name": "cloud", "kind": "runpod", "url": "\(server.display)"}]}
        """.write(to: config.appendingPathComponent("kinora/config.json"), atomically: true, encoding: .utf8)
        let log = folder.deletingLastPathComponent().appendingPathComponent("kinora.log")
        return (folder, ["env", "XDG_CONFIG_HOME=\(config.path)", "KINORA_LOG=\(log.path)"])
    }
}

/// The fake RunPod endpoint for CLI tests; it exits when this is released (its stdin closes).
final class RunPodServer: Sendable {
    /// The running server.
    let server: FakeEngineServer
    /// Its port on 127.0.0.1.
    var port: Int { server.port }

    /// Starts the server with `arguments` and reads its port.
    init(_ arguments: [String]) throws {
        server = try FakeEngineServer("fake_runpod.py", arguments)
    }

    /// The endpoint's base, as the backend's url.
    var display: String { "http://127.0.0.1:\(port)/v2/kinora-test" }

    /// Posts to a test-only route (`/kinora-test/release`).
    func post(_ path: String) async throws {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)" + path)))
        request.httpMethod = "POST"
        request.httpBody = Data()
        _ = try await URLSession.shared.data(for: request)
    }

    /// What the endpoint received.
    func state() async throws -> [String: JSONValue] {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/kinora-test/state"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return try JSONDecoder().decode([String: JSONValue].self, from: data)
    }
}

/// Enough of JSON to read the fake endpoint's state.
enum JSONValue: Decodable, Sendable {
    case number(Double)
    case string(String)
    case array([JSONValue])
    case other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .other
        }
    }

    /// The number, if it is one.
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    /// The string, if it is one.
    var string: String? { if case .string(let value) = self { value } else { nil } }
    /// The elements, if it is an array.
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
}
