import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// `kill -9` of kinora while it runs a child: the child dies with it, and what the run left half-done
/// is cleared by the next command that opens the project for writing.
@Suite struct KilledExportTests {
    /// The ids of live (not zombie) processes whose command line contains every one of `parts`.
    private func processes(commandLineContaining parts: [String]) -> [Int32] {
        let ids =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return ids.filter { id in
            guard id != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline"), !data.isEmpty,
                let stat = FileManager.default.contents(atPath: "/proc/\(id)/stat"),
                let state = String(decoding: stat, as: UTF8.self).split(separator: ")").last?.split(
                    separator: " "
                ).first, state != "Z"
            else { return false }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return parts.allSatisfy { line.contains($0) }
        }
    }

    /// Polls `condition` every 50 ms for up to `seconds`; `true` as soon as it holds.
    private func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Starts kinora with `arguments` in the background, with its own temporary folder `tmp`.
    private func startKinora(_ arguments: [String], tmp: URL) throws -> ChildProcess {
        let child = try ChildProcess(arguments: ["env", "TMPDIR=\(tmp.path)", CLI.binary.path] + arguments)
        child.closeStandardInput()
        return child
    }

    @Test func killingAnExportKillsFFmpegAndTheNextWritableOpenClearsWhatItLeft() throws {
        // Two two-minute slates at 1280x720: minutes of encoding, far longer than the test waits.
        let folder = try CLI.project(shots: 2)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        defer { _ = ProcessTable.killFFmpeg(commandLineContaining: folder.path) }
        for index in 1...2 {
            let set = try CLI.run(["shot", "set", folder.path, "\(index)", "duration=120"])
            #expect(set.status == 0, "\(set.stderr)")
        }
        let tmp = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
        let film = exports.appendingPathComponent("film.mp4")
        let export = try startKinora(["export", folder.path, "-o", film.path], tmp: tmp)
        let started = eventually(within: 60) {
            !processes(commandLineContaining: ["ffmpeg", folder.path]).isEmpty
                && (try? FileManager.default.contentsOfDirectory(atPath: exports.path))?.isEmpty == false
        }
        #expect(started, "the export's ffmpeg started and began its file")
        kill(export.processID, SIGKILL)
        #expect(export.wait() == .signaled(SIGKILL))
        let stopped = eventually(within: 10) {
            processes(commandLineContaining: ["ffmpeg", folder.path]).isEmpty
        }
        #expect(stopped, "ffmpeg still running: \(processes(commandLineContaining: ["ffmpeg", folder.path]))")
        #expect(!FileManager.default.fileExists(atPath: film.path), "no film under its final name")

        // The next writable open (any edit) clears the half-written film and the work folder.
        let edit = try CLI.run(["shot", "set", folder.path, "1", "label=after"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let inExports = try FileManager.default.contentsOfDirectory(atPath: exports.path)
        #expect(inExports.isEmpty, "left in exports/: \(inExports)")
        let inTmp = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        #expect(inTmp.isEmpty, "left in the temporary folder: \(inTmp)")
        let work = folder.appendingPathComponent("cache/work")
        let inWork = ((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).filter {
            !$0.hasPrefix(".")
        }
        #expect(inWork.isEmpty, "left in cache/work: \(inWork)")
    }

    @Test func anEditWhileAnExportRunsLeavesItsFilesAndCtrlCClearsThem() throws {
        let folder = try CLI.project(shots: 2)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        defer { _ = ProcessTable.killFFmpeg(commandLineContaining: folder.path) }
        for index in 1...2 {
            let set = try CLI.run(["shot", "set", folder.path, "\(index)", "duration=120"])
            #expect(set.status == 0, "\(set.stderr)")
        }
        let tmp = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
        let partial = exports.appendingPathComponent(".film.mp4.partial")
        let work = folder.appendingPathComponent("cache/work")
        func workFolders() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).filter {
                !$0.hasPrefix(".")
            }
        }
        let export = try startKinora(
            ["export", folder.path, "-o", exports.appendingPathComponent("film.mp4").path], tmp: tmp)
        #expect(eventually(within: 60) { FileManager.default.fileExists(atPath: partial.path) })
        // A writable open while the export runs must not take its files from under it.
        let edit = try CLI.run(["shot", "set", folder.path, "1", "label=during"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(FileManager.default.fileExists(atPath: partial.path), "the live export's file is kept")
        #expect(workFolders().count == 1, "the live export's work folder is kept: \(workFolders())")
        #expect(!processes(commandLineContaining: ["ffmpeg", folder.path]).isEmpty, "ffmpeg still runs")

        kill(export.processID, SIGINT)
        let ending = export.wait()
        #expect(ending == .exited(1), "\(ending) \(export.standardErrorTail)")
        #expect(export.standardErrorTail.contains("cancelled"), "\(export.standardErrorTail)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports.path).isEmpty)
        #expect(workFolders().isEmpty, "\(workFolders())")
        #expect(eventually(within: 10) { processes(commandLineContaining: ["ffmpeg", folder.path]).isEmpty })
    }

    @Test func aPlugInDiesWithKinora() throws {
        let folder = try CLI.project(shots: 0)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "i.png")
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "a test", "--image", image.path, "--duration", "1",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        // A "plug-in" that never answers: found again by its unique argument.
        let marker = "\(Int.random(in: 100_000...999_999)).5"
        defer {
            for id in processes(commandLineContaining: ["sleep", marker]) { kill(id, SIGKILL) }
        }
        let backends = """
            {"backends": [{"name": "hang", "kind": "plugin", "timeout": 600, "command": ["sleep", "\(marker)"]}]}
            """
        try Data(backends.utf8).write(to: folder.appendingPathComponent("backends.json"))
        let tmp = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let gen = try startKinora(["gen", folder.path, "1", "--backend", "hang"], tmp: tmp)
        let started = eventually(within: 60) { !processes(commandLineContaining: ["sleep", marker]).isEmpty }
        #expect(started, "the plug-in started")
        kill(gen.processID, SIGKILL)
        #expect(gen.wait() == .signaled(SIGKILL))
        let stopped = eventually(within: 10) { processes(commandLineContaining: ["sleep", marker]).isEmpty }
        #expect(
            stopped, "the plug-in outlived kinora: \(processes(commandLineContaining: ["sleep", marker]))")
    }
}
