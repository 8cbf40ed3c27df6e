import Foundation
import KinoraMedia

/// Temporary folders and media fixtures for the test suites: fixtures are made on the spot with
/// ffmpeg's lavfi sources, never committed.
public enum TestFiles {
    /// A new empty folder under the system's temporary folder.
    public static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A file `name` in a new folder, made by ffmpeg with `arguments` (input options and filters).
    public static func media(_ arguments: [String], name: String) throws -> URL {
        let url = try folder().appendingPathComponent(name)
        try run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments + [url.path])
        return url
    }

    /// Runs a program to its end and throws unless it succeeded. Through KinoraMedia's ChildProcess:
    /// Foundation's Process can miss a child's exit inside the test runner and wait for ever.
    public static func run(_ arguments: [String]) throws {
        let child = try ChildProcess(arguments: arguments)
        child.closeStandardInput()
        while try child.readLine() != nil {}
        guard child.wait().isSuccess else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) failed: \(child.standardErrorTail)"])
        }
    }
}

/// Finds and kills processes by their command line, as a person would with `pkill -f`.
public enum ProcessTable {
    /// SIGKILLs every ffmpeg whose command line contains `text`; returns how many.
    public static func killFFmpeg(commandLineContaining text: String) -> Int {
        let ids =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        var killed = 0
        for id in ids where id != getpid() {
            guard let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline") else { continue }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            if line.contains(text) && line.contains("ffmpeg") {
                kill(id, SIGKILL)
                killed += 1
            }
        }
        return killed
    }
}
