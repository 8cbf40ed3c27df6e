import Foundation
import KinoraMedia

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One of the test servers in Tests/KinoraGenerateTests/Fixtures (the fake ComfyUI, RunPod or Replicate)
/// for CLI tests: started with its arguments, its port read from its first line, and stopped when this
/// is released (its stdin closes), so no test leaves it running.
public final class FakeEngineServer: @unchecked Sendable {
    /// The running server.
    public let process: ChildProcess
    /// Its port on 127.0.0.1.
    public let port: Int

    /// Starts `script` (a file in Tests/KinoraGenerateTests/Fixtures) with `arguments`.
    public init(_ script: String, _ arguments: [String] = []) throws {
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
    public var base: String { "http://127.0.0.1:\(port)" }

    /// What the server received and did (`GET /kinora-test/state`), as JSON.
    public func state() throws -> [String: Any] {
        guard let url = URL(string: "\(base)/kinora-test/state"),
            let state = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any]
        else { throw CocoaError(.fileReadCorruptFile) }
        return state
    }

    /// Posts to a test-only route (`/kinora-test/release`).
    public func post(_ route: String) throws {
        guard let url = URL(string: "\(base)\(route)") else { throw CocoaError(.fileReadInvalidFileName) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        let done = DispatchSemaphore(value: 0)
        let outcome = PostOutcome()
        URLSession.shared.dataTask(with: request) { _, response, _ in
            outcome.status = (response as? HTTPURLResponse)?.statusCode
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 30) == .success, outcome.status == 200 else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Polls the server's state every 50 ms for up to `seconds` until `ready` holds for it; returns it.
    @discardableResult
    public func state(within seconds: Double, until ready: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let state = try self.state()
            if ready(state) || Date() > deadline { return state }
            usleep(50_000)
        }
    }
}

/// The status a test-only POST got, set by the session's callback.
private final class PostOutcome: @unchecked Sendable {
    // Written once by the callback before the semaphore is signalled, read after.
    var status: Int?
}
