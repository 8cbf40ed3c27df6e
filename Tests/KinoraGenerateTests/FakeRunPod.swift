import Foundation
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
    let process: Subprocess
    /// Its port on 127.0.0.1.
    let port: Int

    /// Starts the server with `arguments` on a thread of its own (reading its port blocks).
    static func start(_ arguments: [String] = []) async throws -> FakeRunPod {
        try await BlockingWork.run { _ in try FakeRunPod(arguments) }
    }

    private init(_ arguments: [String]) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_runpod.py")
        let python = try #require(
            Subprocess.findExecutable(named: "python3", environment: ProcessInfo.processInfo.environment))
        let child = try Subprocess(
            executable: python, arguments: [script.path] + arguments, streams: [.stdin, .stdout])
        var line: [UInt8] = []
        var byte = [UInt8](repeating: 0, count: 1)
        while true {
            let count = try byte.withUnsafeMutableBytes { try child.readStdoutSome(into: $0) }
            guard count == 1 else {
                child.wait()
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: child.stderrText])
            }
            if byte[0] == 10 { break }
            line.append(byte[0])
        }
        process = child
        port = try #require(Int(String(decoding: line, as: UTF8.self)))
    }

    deinit {
        process.closeStdin()
        process.terminate()
    }

    /// The endpoint's base, as a backend's url: `http://127.0.0.1:PORT/v2/kinora-test`.
    var url: URL { URL(string: display) ?? URL(fileURLWithPath: "/") }

    /// The endpoint as messages show it.
    var display: String { "http://127.0.0.1:\(port)/v2/kinora-test" }

    /// What the endpoint received (`GET /kinora-test/state`), once `ready` holds for it (asked again for
    /// up to 30 s).
    func state(until ready: (ComfyUIJSON) -> Bool = { _ in true }) async throws -> ComfyUIJSON {
        let deadline = Date().addingTimeInterval(30)
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
