import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraExport

/// Exports keep their temporary files in the project's `cache/work`, and a writable open clears what a
/// killed export left there and beside its outputs, but never what a live one is writing.
@Suite struct WorkFolderTests {
    /// A project folder with its `exports/`, and a folder outside it for outputs elsewhere.
    private func folders() throws -> (project: URL, elsewhere: URL) {
        let root = try TestFiles.folder()
        let project = root.appendingPathComponent("film")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent(ProjectLayout.exportsFolder), withIntermediateDirectories: true
        )
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        return (project, elsewhere)
    }

    private func touch(_ url: URL) throws {
        try Data("x".utf8).write(to: url)
    }

    private func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    @Test func aLiveRunsFilesAreKeptAndAnAbandonedRunsAreCleared() throws {
        let (project, elsewhere) = try folders()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let output = elsewhere.appendingPathComponent("film.mp4")
        let partial = elsewhere.appendingPathComponent(".film.mp4.partial")
        let live = try WorkFolder(in: project, purpose: "export")
        #expect(live.isInProject)
        #expect(
            live.url.deletingLastPathComponent().path == project.appendingPathComponent("cache/work").path)
        live.record(output: output)
        try touch(partial)

        WorkFolder.removeAbandoned(in: project)
        #expect(exists(live.url) && exists(partial), "a live run's folder and partial file stay")

        // A run killed before it could remove anything: its lock is gone with it.
        let killed = live.url.deletingLastPathComponent().appendingPathComponent(
            "export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: killed, withIntermediateDirectories: true)
        try touch(killed.appendingPathComponent("lock"))
        let otherOutput = elsewhere.appendingPathComponent("other.mov")
        try Data((otherOutput.path + "\n").utf8).write(to: killed.appendingPathComponent("outputs"))
        let leftovers = [".other.mov.partial", ".other.mov.1A2B.partial", ".other.mov.tmp.99999999.1"].map {
            elsewhere.appendingPathComponent($0)
        }
        let unrelated = ["other.mov", ".other.mov.notes", ".other.movie.partial"].map {
            elsewhere.appendingPathComponent($0)
        }
        for file in leftovers + unrelated { try touch(file) }

        WorkFolder.removeAbandoned(in: project)
        #expect(!exists(killed))
        for file in leftovers { #expect(!exists(file), "\(file.lastPathComponent) is cleared") }
        for file in unrelated { #expect(exists(file), "\(file.lastPathComponent) is not Kinora's to clear") }
        #expect(exists(live.url) && exists(partial))

        live.remove()
        #expect(!exists(live.url))
    }

    /// A project that brings `cache/work` as a link to another folder gets nothing deleted there, and
    /// only Kinora's own `<purpose>-<UUID>` folders are ever removed from `cache/work`.
    @Test func onlyKinorasOwnFoldersAreEverRemoved() throws {
        let (project, elsewhere) = try folders()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let precious = elsewhere.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try touch(elsewhere.appendingPathComponent(".lock"))
        let cache = project.appendingPathComponent(ProjectLayout.cacheFolder)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: cache.appendingPathComponent("work"), withDestinationURL: elsewhere)
        WorkFolder.removeAbandoned(in: project)
        #expect(exists(precious), "nothing is removed through a link")

        try FileManager.default.removeItem(at: cache.appendingPathComponent("work"))
        let work = cache.appendingPathComponent("work")
        let notOurs = ["notes", "export-1234", ".hidden"].map { work.appendingPathComponent($0) }
        for folder in notOurs {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let ours = work.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ours, withIntermediateDirectories: true)
        try touch(work.appendingPathComponent(".lock"))
        WorkFolder.removeAbandoned(in: project)
        for folder in notOurs { #expect(exists(folder), "\(folder.lastPathComponent) stays") }
        #expect(!exists(ours))
    }

    @Test func hiddenLeftoversInExportsAreClearedUnlessALiveRunWritesThem() throws {
        let (project, _) = try folders()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let exports = project.appendingPathComponent(ProjectLayout.exportsFolder)
        let live = try WorkFolder(in: project, purpose: "export")
        defer { live.remove() }
        live.record(output: exports.appendingPathComponent("live.mp4"))
        let kept = [".live.mp4.partial", "film.mp4", ".hidden-notes", ".film.csv.tmp.\(getpid()).7"]
        // From older runs that kept no list, and a document write whose process is gone.
        let cleared = [".film.mp4.partial", ".film.png.ABC.partial", ".film.csv.tmp.99999999.7"]
        for name in kept + cleared { try touch(exports.appendingPathComponent(name)) }
        WorkFolder.removeAbandoned(in: project)
        let left = try FileManager.default.contentsOfDirectory(atPath: exports.path).sorted()
        #expect(left == kept.sorted(), "\(left)")
    }

    @Test func aProjectWhoseCacheCannotBeWrittenGetsAFolderElsewhere() throws {
        let (project, _) = try folders()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        // A file where cache/ should be: nothing can be made inside it.
        try touch(project.appendingPathComponent(ProjectLayout.cacheFolder))
        let work = try WorkFolder(in: project, purpose: "export")
        #expect(!work.isInProject)
        #expect(exists(work.url))
        work.remove()
        #expect(!exists(work.url))
    }

    @Test func anExportLeavesNoWorkFolderBehind() throws {
        let (project, _) = try folders()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let rate = try #require(FrameRate(numerator: 24))
        var storyboard = Project(
            title: "Film", fps: rate, size: try #require(FrameSize(width: 320, height: 180)))
        storyboard.shots = [
            Shot(id: ShotID(serial: 1), label: "one", prompt: "a slate", mode: .slate, duration: 0.5, seed: 1)
        ]
        for name in ["film.mp4", "film.csv", "film.png"] {
            let output = project.appendingPathComponent("exports/\(name)")
            let job = try ExportJob(
                project: storyboard, folder: project, output: output,
                format: try #require(
                    ExportFormat(fileExtension: output.pathExtension)), missing: .slate)
            try job.run()
            #expect(exists(output))
        }
        let work = project.appendingPathComponent(WorkFolder.relativePath)
        let left = try FileManager.default.contentsOfDirectory(atPath: work.path).filter {
            !$0.hasPrefix(".")
        }
        #expect(left.isEmpty, "\(left)")
        let exports = try FileManager.default.contentsOfDirectory(
            atPath: project.appendingPathComponent(ProjectLayout.exportsFolder).path)
        #expect(exports.sorted() == ["film.csv", "film.mp4", "film.png"])
    }
}
