import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraGenerate
@testable import KinoraMedia

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The fake RunPod serverless endpoint (Fixtures/fake_runpod.py), started through KinoraMedia's
/// Subprocess; it exits when this is released (its stdin closes), so no test leaves it running.
final class FakeRunPod: Sendable {
    /// The running server.
    let server: FakeEngineServer
    /// Its port on 127.0.0.1.
    var port: Int { server.port }

    /// Starts the server with `arguments` on a thread of its own (reading its port blocks).
    static func start(_ arguments: [String] = []) async throws -> FakeRunPod {
        try await BlockingWork.run { _ in try FakeRunPod(arguments) }
    }

    private init(_ arguments: [String]) throws {
        server = try FakeEngineServer("fake_runpod.py", arguments)
    }

    /// The endpoint's base, as a backend's url: `http://127.0.0.1:PORT/v2/kinora-test`.
    var url: URL { URL(string: display) ?? URL(fileURLWithPath: "/") }

    /// The endpoint as messages show it.
    var display: String { "http://127.0.0.1:\(port)/v2/kinora-test" }

    /// What the endpoint received (`GET /kinora-test/state`), once `ready` holds for it (asked again for
    /// up to 30 s).
    func state(until ready: (ComfyUIJSON) -> Bool = { _ in true }) async throws -> ComfyUIJSON {
        let deadline = Date().addingTimeInterval(120)
        while true {
            let (data, _) = try await URLSession.shared.data(from: try route("/kinora-test/state"))
            let state = try #require(ComfyUIJSON.parse(data))
            if ready(state) || Date() > deadline { return state }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Posts to a test-only route (`/kinora-test/release`, `/kinora-test/forget`).
    func post(_ path: String) async throws {
        var request = URLRequest(url: try route(path))
        request.httpMethod = "POST"
        request.httpBody = Data()
        _ = try await URLSession.shared.data(for: request)
    }

    private func route(_ path: String) throws -> URL {
        try #require(URL(string: "http://127.0.0.1:\(port)" + path))
    }
}
