import Foundation
import KinoraMedia
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One of the test servers in Tests/KinoraGenerateTests/Fixtures (the fake ComfyUI, RunPod or Replicate)
/// for CLI tests: started with its arguments, its port read from its first line, and stopped when this
/// is released (its stdin closes), so no test leaves it running.
final class FakeEngineServer: @unchecked Sendable {
    /// The running server.
    let process: ChildProcess
    /// Its port on 127.0.0.1.
    let port: Int

    /// Starts `script` (a file in Tests/KinoraGenerateTests/Fixtures) with `arguments`.
    init(_ script: String, _ arguments: [String] = []) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KinoraGenerateTests/Fixtures/\(script)")
        let child = try ChildProcess(arguments: ["python3", path.path] + arguments)
        guard let line = try child.readLine(), let port = Int(line.trimmingCharacters(in: .whitespaces))
        else {
            child.closeStandardInput()
            _ = child.wait()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: child.standardErrorTail])
        }
        process = child
        self.port = port
    }

    deinit {
        process.closeStandardInput()
        kill(process.processID, SIGTERM)
        _ = process.wait()
    }

    /// `http://127.0.0.1:PORT`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// What the server received and did (`GET /kinora-test/state`), as JSON.
    func state() throws -> [String: Any] {
        let url = try #require(URL(string: "\(base)/kinora-test/state"))
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
