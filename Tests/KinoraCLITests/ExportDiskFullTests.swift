import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// `kinora export` onto a small tmpfs that is (nearly) full: it must fail, say the disk is full, how
/// much is needed and where, and leave no file, half-written or otherwise.
@Suite(.enabled(if: TinyDisk.isAvailable, "needs root to mount a small tmpfs (CI runs as root)"))
struct ExportDiskFullTests {
    /// A project of three one-second shots with finished takes (in a folder of its own, which the
    /// caller removes), and the size its mp4 export has.
    private func generatedProject() throws -> (folder: URL, filmBytes: Int) {
        let folder = try CLI.project(shots: 3)
        for index in 1...3 {
            let set = try CLI.run(["shot", "set", folder.path, "\(index)", "duration=1"])
            #expect(set.status == 0, "\(set.stderr)")
        }
        let made = try CLI.run(["gen", folder.path])
        #expect(made.status == 0, "\(made.stderr)")
        let film = try TestFiles.folder().appendingPathComponent("film.mp4")
        let exported = try CLI.run(["export", folder.path, "-o", film.path])
        #expect(exported.status == 0, "\(exported.stderr)")
        let bytes = try FileManager.default.attributesOfItem(atPath: film.path)[.size] as? Int ?? 0
        try FileManager.default.removeItem(at: film.deletingLastPathComponent())
        return (folder, bytes)
    }

    /// Copies `project` onto a new tmpfs with room for it and a few films.
    private func copy(_ project: URL, onto disk: TinyDisk) throws -> URL {
        let copy = disk.folder.appendingPathComponent("film")
        try FileManager.default.copyItem(at: project, to: copy)
        return copy
    }

    /// Everything in the project's `exports/` and work folders: after a failed export, nothing.
    private func leftovers(in project: URL) throws -> [String] {
        let exports = try FileManager.default.contentsOfDirectory(
            atPath: project.appendingPathComponent(ProjectLayout.exportsFolder).path)
        let work = project.appendingPathComponent("cache/work")
        let scratch = (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []
        return exports.map { "exports/\($0)" }
            + scratch.filter { !$0.hasPrefix(".") }.map { "cache/work/\($0)" }
    }

    @Test func aFilmThatDoesNotFitFailsClearlyAndLeavesNoFile() throws {
        let (project, filmBytes) = try generatedProject()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        #expect(filmBytes > 64 * 1024, "the film must be larger than the space left: \(filmBytes)")
        let disk = try TinyDisk(bytes: 16 << 20)
        defer { disk.unmount() }
        let folder = try copy(project, onto: disk)
        let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
        // Just short of the film (the muxer's last buffer and the index do not fit: ffmpeg used to
        // exit 0 then), 40 KB, and nothing at all (ffmpeg only said "Error initializing output stream").
        let cases = [
            ("mp4", filmBytes - 8 * 1024), ("mp4", 40 * 1024), ("mp4", 0), ("mov", 40 * 1024), ("mov", 0),
        ]
        for (format, free) in cases {
            try disk.leave(free)
            let film = exports.appendingPathComponent("film.\(format)")
            let result = try CLI.run(["export", folder.path, "-o", film.path])
            let label = "\(format) with \(free) bytes free"
            #expect(result.status == 1, "\(label): \(result.status) \(result.stdout) \(result.stderr)")
            #expect(!result.stdout.contains("Wrote"), "\(label): \(result.stdout)")
            #expect(result.stderr.contains("disk is full"), "\(label): \(result.stderr)")
            #expect(result.stderr.contains(exports.path), "\(label) names the folder: \(result.stderr)")
            let needs = result.stderr.contains("needs about ") || result.stderr.contains("needs more than ")
            #expect(needs, "\(label) says how much: \(result.stderr)")
            let left = try leftovers(in: folder)
            #expect(left.isEmpty, "\(label): \(left)")
        }
        // With room again, the same export works: nothing stale was left in the way.
        try disk.leave(8 << 20)
        let film = exports.appendingPathComponent("film.mp4")
        let result = try CLI.run(["export", folder.path, "-o", film.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try leftovers(in: folder) == ["exports/film.mp4"])
    }

    @Test func documentsOnAFullDiskLeaveNothingAndSaySo() throws {
        let (project, _) = try generatedProject()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let disk = try TinyDisk(bytes: 4 << 20)
        defer { disk.unmount() }
        let folder = try copy(project, onto: disk)
        let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
        try disk.leave(0)
        for format in ["csv", "md", "otio", "edl", "xml", "mlt", "png"] {
            let file = exports.appendingPathComponent("film.\(format)")
            let result = try CLI.run(["export", folder.path, "-o", file.path])
            #expect(result.status == 1, "\(format): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("disk is full"), "\(format): \(result.stderr)")
            #expect(result.stderr.contains(exports.path), "\(format) names the folder: \(result.stderr)")
            // An export is not the storyboard: the message must not talk about saving it.
            #expect(!result.stderr.contains("storyboard"), "\(format): \(result.stderr)")
            let left = try leftovers(in: folder)
            #expect(left.isEmpty, "\(format): \(left)")
        }
    }

    /// The project's disk being full does not stop a film going to another disk: the slates' texts,
    /// which an export keeps in the project's cache, go to the system's temporary folder instead.
    @Test func aFullProjectDiskStillExportsElsewhere() throws {
        let disk = try TinyDisk(bytes: 1 << 20)
        defer { disk.unmount() }
        let folder = disk.folder.appendingPathComponent("film")
        let created = try CLI.run(["new", folder.path, "--title", "Film"])
        #expect(created.status == 0, "\(created.stderr)")
        let added = try CLI.run(["shot", "add", folder.path, "--prompt", "a slate", "--duration", "1"])
        #expect(added.status == 0, "\(added.stderr)")
        try disk.leave(0)
        let out = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let film = out.appendingPathComponent("film.mp4")
        let result = try CLI.run(["export", folder.path, "-o", film.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: film.path))
        let left = try leftovers(in: folder)
        #expect(left.isEmpty, "\(left)")
    }
}
