import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// Engines configured for a project, used through the command line as a person would.
@Suite struct BackendCommandTests {
    /// The repository's reference plug-in (makes real frames without a model).
    private var referencePlugin: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(
                "Plugins/reference/kinora_reference_plugin.py"
            ).path
    }

    /// A project of one image-to-video shot whose backend is `local`, a pool of two reference plug-ins.
    private func project() throws -> URL {
        let folder = try CLI.project(shots: 0)
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "i.png")
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "a test", "--image", image.path, "--duration", "1",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let backends = """
            {"backends": [{"name": "local", "kind": "plugin", "timeout": 60,
              "commands": [["python3", "\(referencePlugin)"], ["python3", "\(referencePlugin)"]]}]}
            """
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))
        return folder
    }

    @Test func aPlugInBackendMakesTakesThroughGen() throws {
        let folder = try project()
        let listed = try CLI.run(["backends", folder.path])
        #expect(listed.status == 0 && listed.stdout.contains("local") && listed.stdout.contains("plugin"))
        let made = try CLI.run([
            "gen", folder.path, "1", "--backend", "local", "--variations", "2", "--seed", "5",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let shot = try #require(try CLI.storyboard(folder).shots.first)
        #expect(shot.takes.count == 2 && shot.takes.allSatisfy { $0.status == .done })
        #expect(shot.takes.map(\.request.backend) == ["local", "local"])
        #expect(
            shot.takes.allSatisfy { ($0.worker ?? "").hasPrefix("kinora_reference_plugin.py") },
            "\(shot.takes.map(\.worker))")
        #expect(shot.takes.map(\.seed) == [5, 6])
        // The plug-in's preview pictures were kept while it ran, for the studio and `kinora preview`.
        let preview = folder.appendingPathComponent(
            ProjectLayout.livePreview(shot: shot.id, take: shot.takes[0].id))
        #expect(FileManager.default.fileExists(atPath: preview.path))
    }

    @Test func aTokenInTheProjectIsRefusedAndNeverShown() throws {
        let folder = try project()
        let leaky =
            #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://127.0.0.1:9", "token": "hunter2"}]}"#
        try Data(leaky.utf8).write(to: folder.appendingPathComponent("backends.json"))
        let before = try CLI.storyboardBytes(folder)
        let result = try CLI.run(["gen", folder.path])
        #expect(
            result.status == 1 && result.stderr.contains("backends.json")
                && result.stderr.contains("KINORA_TOKEN"))
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
        #expect(try CLI.storyboardBytes(folder) == before)
    }

    @Test func thePoolKeepsBothEndpointsBusy() throws {
        let folder = try project()
        let log = try TestFiles.folder().appendingPathComponent("spans.txt")
        let timed =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Fixtures/timed_plugin.py"
            )
            .path
        // Two endpoints of eight seconds a take (short against a real model's minutes, long against the
        // fraction of a second Kinora spends checking a finished take and starting the next, even on a
        // machine busy with the rest of the suite): four takes in about sixteen seconds.
        let python =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let backends = """
            {"backends": [{"name": "pair", "kind": "plugin", "timeout": 60,
              "commands": [["\(python)", "\(timed)", "\(log.path)", "8"], ["\(python)", "\(timed)", "\(log.path)", "8"]]}]}
            """
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))
        let started = Date().timeIntervalSince1970
        let made = try CLI.run(["gen", folder.path, "1", "--backend", "pair", "--variations", "4"])
        let ended = Date().timeIntervalSince1970
        #expect(made.status == 0, "\(made.stderr)")
        let spans = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ").compactMap { Double($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        #expect(spans.count == 4)
        let takes = try #require(try CLI.storyboard(folder).shots.first?.takes)
        let byWorker = Dictionary(grouping: takes, by: { $0.worker ?? "?" }).mapValues(\.count)
        #expect(byWorker == ["timed_plugin.py#1": 2, "timed_plugin.py#2": 2], "\(byWorker)")
        // From the first take's start to the last one's end, each endpoint should have been working.
        let first = spans.map(\.0).min() ?? started
        let last = spans.map(\.1).max() ?? ended
        let busy = spans.reduce(0) { $0 + ($1.1 - $1.0) } / 2
        #expect(
            busy / (last - first) >= 0.9,
            "both endpoints busy \(Int(busy / (last - first) * 100))% of the time")
    }
}
