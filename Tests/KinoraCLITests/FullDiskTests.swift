import Foundation
import KinoraCore
import Testing

/// A take made on a nearly full disk, and commands run on a full one, on a small tmpfs the test mounts.
@Suite(.serialized) struct FullDiskTests {
    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.unavailableReason))
    func aTakeThatCannotBeKeptLeavesNothingUnderItsFinalName() throws {
        let disk = try SmallDisk(bytes: 2 << 20)
        defer { disk.unmount() }
        let folder = disk.folder.appendingPathComponent("film")
        #expect(try CLI.run(["new", folder.path, "--title", "Film"]).status == 0)
        let added = try CLI.run([
            "shot", "add", folder.path, "--prompt", "launch", "--seed", "5", "--duration", "2",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        try disk.fill(leaving: 40 << 10)

        let made = try CLI.run(["gen", folder.path, "1"])
        #expect(made.status == 1, "\(made.stderr)")
        #expect(made.stderr.contains("the disk is full"), "\(made.stderr)")
        #expect(made.stderr.contains("needs") && made.stderr.contains(disk.folder.path), "\(made.stderr)")
        let shotFolder = folder.appendingPathComponent("takes/s1")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: shotFolder.path)) ?? []
        #expect(left.isEmpty, "nothing under a final name, nothing half-written: \(left)")

        // With the disk full to the last block, reading works and writes nothing; a writer says what
        // it needs, and where.
        try disk.fill(leaving: 0)
        let before = try CLI.storyboardBytes(folder)
        let takes = try CLI.run(["takes", folder.path, "1"])
        #expect(takes.status == 0, "\(takes.stderr)")
        #expect(takes.stdout.contains("t1") && !takes.stdout.contains("running"), "\(takes.stdout)")
        #expect(!takes.stdout.contains(" done "), "\(takes.stdout)")
        let listed = try CLI.run(["shot", "list", folder.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let edit = try CLI.run(["shot", "set", folder.path, "1", "label=1A"])
        #expect(edit.status != 0)
        #expect(
            edit.stderr.contains("the disk is full") && edit.stderr.contains("needs at least"),
            "\(edit.stderr)")
        #expect(edit.stderr.contains(disk.folder.path), "\(edit.stderr)")
        #expect(try CLI.storyboardBytes(folder) == before)
        let temporaries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.contains(".tmp.")
        }
        #expect(temporaries.isEmpty, "\(temporaries)")

        // Space again: the take is made again from its record.
        try disk.empty()
        let again = try CLI.run(["regen", folder.path, "1", "t1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: shotFolder.appendingPathComponent("t1.mp4").path))
        #expect(try CLI.storyboard(folder).shots[0].takes[0].status == .done)
    }

    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.unavailableReason))
    func readersWorkOnAFullDiskAndNeverShowAStoppedTakeAsRunning() throws {
        let disk = try SmallDisk(bytes: 2 << 20)
        defer { disk.unmount() }
        let folder = disk.folder.appendingPathComponent("film")
        #expect(try CLI.run(["new", folder.path, "--size", "320x180"]).status == 0)
        #expect(
            try CLI.run(["shot", "add", folder.path, "--prompt", "long", "--duration", "300"]).status == 0)
        let child = Process()
        child.executableURL = CLI.binary
        child.arguments = ["gen", folder.path]
        child.standardError = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        for _ in 0..<500 where (try? CLI.storyboard(folder).shots[0].takes.first?.status) != .running {
            usleep(20_000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(try CLI.storyboard(folder).shots[0].takes[0].status == .running, "what the killed run left")

        try disk.fill(leaving: 0)
        let before = try CLI.storyboardBytes(folder)
        let takes = try CLI.run(["takes", folder.path, "1"])
        #expect(takes.status == 0, "\(takes.stderr)")
        #expect(takes.stdout.contains("interrupted"), "\(takes.stdout)")
        for arguments in [["shot", "list", folder.path], ["shot", "show", folder.path, "1"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("running"), "\(arguments): \(result.stdout)")
        }
        #expect(try CLI.storyboardBytes(folder) == before, "reading wrote nothing")

        // The next writer records it.
        try disk.empty()
        #expect(try CLI.run(["shot", "set", folder.path, "1", "label=1A"]).status == 0)
        #expect(try CLI.storyboard(folder).shots[0].takes[0].status == .interrupted)
    }
}
