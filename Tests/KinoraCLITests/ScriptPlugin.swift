import Foundation
import KinoraTestSupport
import Testing

/// Tiny plug-ins written as shell scripts into a test's own temporary folder, and a small project whose
/// shot a plug-in can take (plug-ins make image-to-video and video-to-video takes, not slates).
enum ScriptPlugin {
    /// Shell lines that read the request and put its `output` path in `$output` (Kinora writes the
    /// request as one line of JSON with no escaped slashes).
    static let readRequest = """
        request=$(head -n 1)
        output=$(printf '%s\\n' "$request" | sed -n 's/.*"output":"\\([^"]*\\)".*/\\1/p')
        """

    /// Writes `body` as an executable `/bin/sh` script `name` in `folder`; returns the command that runs
    /// it with `arguments`.
    static func write(_ body: String, named name: String, in folder: URL, arguments: [String] = []) throws
        -> [String]
    {
        let script = folder.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: script)
        chmod(script.path, 0o755)
        return ["/bin/sh", script.path] + arguments
    }

    /// A new 320x180, 24 fps project (in a temporary folder of its own, `root`) with one one-second
    /// image-to-video shot, s1.
    static func project() throws -> (root: URL, project: URL) {
        let root = try TestFiles.folder()
        let folder = root.appendingPathComponent("film")
        let created = try CLI.run(["new", folder.path, "--title", "Film", "--size", "320x180"])
        #expect(created.status == 0, "\(created.stderr)")
        let image = root.appendingPathComponent("source.png")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180",
            "-frames:v", "1", image.path,
        ])
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "a test", "--image", image.path, "--duration", "1",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        return (root, folder)
    }

    /// Writes `{"backends": [entries]}` to `file` (a project's `backends.json`, a user's `config.json`).
    static func configure(_ file: URL, backends entries: [[String: Any]]) throws {
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let data = try JSONSerialization.data(
            withJSONObject: ["backends": entries], options: [.sortedKeys, .withoutEscapingSlashes])
        try data.write(to: file)
    }
}
