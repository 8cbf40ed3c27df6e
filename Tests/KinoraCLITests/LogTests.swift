import Foundation
import Testing

/// `KINORA_LOG=FILE`: one line for each save, job start and end, never a token.
@Suite struct LogTests {
    @Test func aGenerationRunIsLoggedWithoutTokens() throws {
        let folder = try CLI.project(shots: 1)
        let log = folder.deletingLastPathComponent().appendingPathComponent("kinora.log")
        let token = "sk-secret-\(UUID().uuidString)"
        let result = try CLI.run(
            ["gen", folder.path, "1"],
            wrapper: ["env", "KINORA_LOG=\(log.path)", "KINORA_TOKEN_GPU=\(token)"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: log, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains(" info job started") && $0.contains("job=s1 t1") })
        #expect(lines.contains { $0.contains(" info job done") && $0.contains("backend=builtin") })
        #expect(lines.filter { $0.contains(" info saved") }.count >= 3, "queued, running and done are saves")
        #expect(!text.contains(token))
        #expect(!result.stderr.contains("job started"), "the log goes to its file only")
        let mode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFailedJobIsLoggedWithItsReason() throws {
        let folder = try CLI.project()
        let still = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=64x36", "-frames:v", "1"], name: "still.png")
        let added = try CLI.run(["shot", "add", folder.path, "--prompt", "a still", "--image", still.path])
        #expect(added.status == 0, "\(added.stderr)")
        let log = folder.deletingLastPathComponent().appendingPathComponent("kinora.log")
        let plugin = folder.deletingLastPathComponent().appendingPathComponent("fail.sh")
        try "#!/bin/sh\necho '{\"type\":\"error\",\"message\":\"out of memory\"}'\n".write(
            to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        try """
        {"backends": [{"name": "broken", "kind": "plugin", "command": ["\(plugin.path)"]}]}
        """.write(to: folder.appendingPathComponent("backends.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run(
            ["gen", folder.path, "1", "--backend", "broken"], wrapper: ["env", "KINORA_LOG=\(log.path)"])
        #expect(result.status != 0)
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("error job failed") && text.contains("out of memory"))
        #expect(text.contains("info plug-in started") && text.contains("backend=broken"))
    }
}
