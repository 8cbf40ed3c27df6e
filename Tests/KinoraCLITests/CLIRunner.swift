import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// Runs the real `kinora` binary, as a person at a shell would, and captures what it says.
struct CLIResult {
    /// The exit status.
    var status: Int32
    /// Everything written to stdout.
    var stdout: String
    /// Everything written to stderr.
    var stderr: String
    /// Raw stdout and stderr bytes together, to look for raw control characters.
    var rawBytes: Data
}

enum CLI {
    /// The `kinora` built beside the test bundle.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kinora")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/kinora")
    }()

    /// Runs `kinora` with `arguments`, optionally through a wrapper such as `setpriv`. Through
    /// KinoraMedia's ChildProcess (no signal blocked, exit seen by waitid): Foundation's Process can miss
    /// a child's exit inside the test runner and wait for ever.
    @discardableResult
    static func run(_ arguments: [String], wrapper: [String] = []) throws -> CLIResult {
        let child = try ChildProcess(arguments: wrapper + [binary.path] + arguments)
        child.closeStandardInput()
        var lines: [String] = []
        while let line = try child.readLine(maximumBytes: 16 << 20) { lines.append(line) }
        let ending = child.wait()
        let status: Int32
        switch ending {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        let stdout = lines.map { $0 + "\n" }.joined()
        let stderr = child.standardErrorTail
        return CLIResult(
            status: status, stdout: stdout, stderr: stderr, rawBytes: Data(stdout.utf8) + Data(stderr.utf8))
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> URL { try TestFiles.folder() }

    /// Runs `kinora` and expects it to succeed, showing its stderr when it does not.
    @discardableResult
    static func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> CLIResult
    {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// A new project with `shots` slate shots, made through the CLI.
    static func project(shots: Int = 0) throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("film")
        let created = try run(["new", folder.path, "--title", "Film"])
        #expect(created.status == 0, "\(created.stderr)")
        for index in 0..<shots {
            let added = try run([
                "shot", "add", folder.path, "--prompt", "shot \(index + 1)", "--seed", "\(index)",
            ])
            #expect(added.status == 0, "\(added.stderr)")
        }
        return folder
    }

    /// The storyboard as saved, decoded and validated by the same code the product uses.
    static func storyboard(_ folder: URL) throws -> Project {
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        return try StoryboardCodec.decode(try Data(contentsOf: file), file: file.path)
    }

    /// The storyboard file's bytes, to prove a failed command changed nothing.
    static func storyboardBytes(_ folder: URL) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(ProjectLayout.storyboardFile))
    }

    /// Makes a media file with ffmpeg's lavfi sources.
    static func makeMedia(_ arguments: [String], name: String) throws -> URL {
        try TestFiles.media(arguments, name: name)
    }
}
