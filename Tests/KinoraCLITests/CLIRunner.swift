import Foundation
import KinoraCore
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

    /// Runs `kinora` with `arguments`, optionally through a wrapper such as `setpriv`.
    @discardableResult
    static func run(_ arguments: [String], wrapper: [String] = []) throws -> CLIResult {
        let process = Process()
        if let tool = wrapper.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(wrapper.dropFirst()) + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        // stderr goes to a file, so neither pipe can fill up while the other is being read.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = try Data(contentsOf: errURL)
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), rawBytes: outData + errData)
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> URL { try TestFiles.folder() }

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
